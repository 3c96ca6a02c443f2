CREATE TABLE "music_players" (
	"guild_id" text PRIMARY KEY NOT NULL,
	"voice_channel_id" text,
	"text_channel_id" text,
	"tracks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"current_index" integer DEFAULT -1 NOT NULL,
	"position_ms" integer DEFAULT 0 NOT NULL,
	"position_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"loop" text DEFAULT 'off' NOT NULL,
	"volume" integer DEFAULT 80 NOT NULL,
	"filter_preset" text,
	"autoplay" boolean DEFAULT false NOT NULL,
	"now_playing_message_id" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "play_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "play_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"track_title" text NOT NULL,
	"track_author" text NOT NULL,
	"track_uri" text,
	"track_identifier" text NOT NULL,
	"source_name" text NOT NULL,
	"track_length_ms" bigint NOT NULL,
	"requester_id" text,
	"listener_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"listener_count" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"ms_played" bigint NOT NULL,
	"end_reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "playlist_tracks" (
	"playlist_id" bigint NOT NULL,
	"position" integer NOT NULL,
	"encoded" text NOT NULL,
	"info" jsonb NOT NULL,
	CONSTRAINT "playlist_tracks_playlist_id_position_pk" PRIMARY KEY("playlist_id","position")
);
--> statement-breakpoint
CREATE TABLE "playlists" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "playlists_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"owner_id" text NOT NULL,
	"name" text NOT NULL,
	"shared_guild_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "playlist_tracks" ADD CONSTRAINT "playlist_tracks_playlist_id_playlists_id_fk" FOREIGN KEY ("playlist_id") REFERENCES "public"."playlists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "play_events_guild_started_idx" ON "play_events" USING btree ("guild_id","started_at");--> statement-breakpoint
CREATE INDEX "play_events_requester_started_idx" ON "play_events" USING btree ("requester_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "playlists_owner_name_idx" ON "playlists" USING btree ("owner_id","name");--> statement-breakpoint
CREATE INDEX "playlists_shared_guild_idx" ON "playlists" USING btree ("shared_guild_id");