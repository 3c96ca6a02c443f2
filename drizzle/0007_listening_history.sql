CREATE TABLE "history_albums" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "history_albums_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"title" text NOT NULL,
	"artist_name" text NOT NULL,
	"spotify_id" text,
	CONSTRAINT "history_albums_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "history_artists" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "history_artists_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"name" text NOT NULL,
	"spotify_id" text,
	CONSTRAINT "history_artists_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "history_listens" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "history_listens_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"identity" text NOT NULL,
	"track_id" bigint NOT NULL,
	"played_at" timestamp (3) with time zone NOT NULL,
	"ms_played" integer,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "history_settings" (
	"user_id" text PRIMARY KEY NOT NULL,
	"voice_history" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "history_track_artists" (
	"track_id" bigint NOT NULL,
	"position" integer NOT NULL,
	"artist_id" bigint NOT NULL,
	CONSTRAINT "history_track_artists_track_id_position_pk" PRIMARY KEY("track_id","position")
);
--> statement-breakpoint
CREATE TABLE "history_tracks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "history_tracks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"name_key" text NOT NULL,
	"title" text NOT NULL,
	"artist_line" text NOT NULL,
	"album_id" bigint,
	"duration_ms" integer,
	"spotify_id" text,
	"isrc" text,
	CONSTRAINT "history_tracks_key_unique" UNIQUE("key")
);
--> statement-breakpoint
ALTER TABLE "history_listens" ADD CONSTRAINT "history_listens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "history_listens" ADD CONSTRAINT "history_listens_track_id_history_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."history_tracks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "history_settings" ADD CONSTRAINT "history_settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "history_track_artists" ADD CONSTRAINT "history_track_artists_track_id_history_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."history_tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "history_track_artists" ADD CONSTRAINT "history_track_artists_artist_id_history_artists_id_fk" FOREIGN KEY ("artist_id") REFERENCES "public"."history_artists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "history_tracks" ADD CONSTRAINT "history_tracks_album_id_history_albums_id_fk" FOREIGN KEY ("album_id") REFERENCES "public"."history_albums"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "history_listens_identity_idx" ON "history_listens" USING btree ("identity");--> statement-breakpoint
CREATE INDEX "history_listens_user_played_idx" ON "history_listens" USING btree ("user_id","played_at","id");--> statement-breakpoint
CREATE INDEX "history_listens_user_track_idx" ON "history_listens" USING btree ("user_id","track_id");--> statement-breakpoint
CREATE INDEX "history_track_artists_artist_idx" ON "history_track_artists" USING btree ("artist_id");--> statement-breakpoint
CREATE INDEX "history_tracks_name_key_idx" ON "history_tracks" USING btree ("name_key");