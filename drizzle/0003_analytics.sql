CREATE TABLE "analytics_counts" (
	"guild_id" text NOT NULL,
	"scope" text NOT NULL,
	"dimension" text NOT NULL,
	"key" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"ms" bigint DEFAULT 0 NOT NULL,
	"label" jsonb,
	CONSTRAINT "analytics_counts_guild_id_scope_dimension_key_pk" PRIMARY KEY("guild_id","scope","dimension","key")
);
--> statement-breakpoint
CREATE TABLE "analytics_member_daily" (
	"guild_id" text NOT NULL,
	"day" date NOT NULL,
	"joins" integer DEFAULT 0 NOT NULL,
	"leaves" integer DEFAULT 0 NOT NULL,
	"member_count" integer NOT NULL,
	"last_event_at" timestamp with time zone NOT NULL,
	CONSTRAINT "analytics_member_daily_guild_id_day_pk" PRIMARY KEY("guild_id","day")
);
--> statement-breakpoint
CREATE TABLE "analytics_windows" (
	"guild_id" text NOT NULL,
	"scope" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	CONSTRAINT "analytics_windows_guild_id_scope_pk" PRIMARY KEY("guild_id","scope")
);
--> statement-breakpoint
CREATE TABLE "command_uses" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "command_uses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"command" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "member_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"member_count" integer NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "analytics_counts_top_idx" ON "analytics_counts" USING btree ("guild_id","scope","dimension","count" DESC NULLS LAST,"key");--> statement-breakpoint
CREATE INDEX "command_uses_guild_at_idx" ON "command_uses" USING btree ("guild_id","at");--> statement-breakpoint
CREATE INDEX "member_events_guild_at_idx" ON "member_events" USING btree ("guild_id","at");