CREATE TABLE "access_log_anchor" (
	"n" bigint PRIMARY KEY NOT NULL,
	"head_seq" bigint NOT NULL,
	"head_hash" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"prev_mac" text NOT NULL,
	"mac" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_log_head" (
	"id" smallint PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_log_record_set" (
	"hash" text PRIMARY KEY NOT NULL,
	"ids" text[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "access_log" ALTER COLUMN "seq" DROP IDENTITY;--> statement-breakpoint
ALTER TABLE "access_log" ADD COLUMN "personal_record_set" text;--> statement-breakpoint
ALTER TABLE "access_log" ALTER COLUMN "sub" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "access_log" ALTER COLUMN "agency" DROP NOT NULL;
