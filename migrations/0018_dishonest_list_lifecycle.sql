CREATE TYPE "public"."dishonest_key_kind" AS ENUM('CREDIT_CODE', 'ID_NUMBER', 'HUB_ID');--> statement-breakpoint
CREATE TYPE "public"."dishonest_list_status" AS ENUM('LISTED', 'REMOVED');--> statement-breakpoint
ALTER TYPE "public"."supervision_measure" ADD VALUE 'RECTIFIED';--> statement-breakpoint
DROP INDEX "dishonest_list_entries_subject_key";--> statement-breakpoint
ALTER TABLE "supervision_actions" ALTER COLUMN "reason" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "dishonest_list_entries" ADD COLUMN "subject_key" text;--> statement-breakpoint
ALTER TABLE "dishonest_list_entries" ADD COLUMN "key_kind" "dishonest_key_kind";--> statement-breakpoint
ALTER TABLE "dishonest_list_entries" ADD COLUMN "basis" text;--> statement-breakpoint
ALTER TABLE "dishonest_list_entries" ADD COLUMN "notice_on" date;--> statement-breakpoint
ALTER TABLE "dishonest_list_entries" ADD COLUMN "status" "dishonest_list_status" DEFAULT 'LISTED' NOT NULL;--> statement-breakpoint
ALTER TABLE "dishonest_list_entries" ADD COLUMN "removed_on" date;--> statement-breakpoint
ALTER TABLE "dishonest_list_entries" ADD COLUMN "removal_reason" text;--> statement-breakpoint
ALTER TABLE "supervision_actions" ADD COLUMN "note" text;--> statement-breakpoint
-- Existing entries (SPEC §14): the key comes from the subject's row — an enterprise's USCC, a
-- cooperative's or shop's licence number, else its hub id (an orphan entry likewise); the basis is the
-- listing reason (the ladder's entries: 附件4 四), notified on the day listed.
UPDATE "dishonest_list_entries" d SET "subject_key" = e."uscc", "key_kind" = 'CREDIT_CODE'
  FROM "enterprises" e WHERE d."subject_type" = 'ENTERPRISE' AND e."id" = d."subject_id";--> statement-breakpoint
UPDATE "dishonest_list_entries" d SET "subject_key" = coalesce(c."license_no", c."id"::text),
       "key_kind" = CASE WHEN c."license_no" IS NULL THEN 'HUB_ID' ELSE 'CREDIT_CODE' END::"dishonest_key_kind"
  FROM "cooperatives" c WHERE d."subject_type" = 'COOPERATIVE' AND c."id" = d."subject_id";--> statement-breakpoint
UPDATE "dishonest_list_entries" d SET "subject_key" = coalesce(s."license_no", s."id"::text),
       "key_kind" = CASE WHEN s."license_no" IS NULL THEN 'HUB_ID' ELSE 'CREDIT_CODE' END::"dishonest_key_kind"
  FROM "shops" s WHERE d."subject_type" = 'SHOP' AND s."id" = d."subject_id";--> statement-breakpoint
UPDATE "dishonest_list_entries" SET "subject_key" = "subject_id"::text, "key_kind" = 'HUB_ID' WHERE "subject_key" IS NULL;--> statement-breakpoint
UPDATE "dishonest_list_entries" SET "basis" = CASE WHEN "supervision_action_id" IS NOT NULL
       THEN '附件4 四：拒不整改，纳入失信企业名单 / annex 4 §4: refused rectification' ELSE "reason" END,
       "notice_on" = "listed_on";--> statement-breakpoint
ALTER TABLE "dishonest_list_entries" ALTER COLUMN "subject_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "dishonest_list_entries" ALTER COLUMN "key_kind" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "dishonest_list_entries" ALTER COLUMN "basis" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "dishonest_list_entries" ALTER COLUMN "notice_on" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "dishonest_list_entries_listed_key" ON "dishonest_list_entries" USING btree ("subject_key") WHERE "dishonest_list_entries"."status" = 'LISTED';--> statement-breakpoint
CREATE INDEX "dishonest_list_entries_subject_idx" ON "dishonest_list_entries" USING btree ("subject_type","subject_id");--> statement-breakpoint
ALTER TABLE "dishonest_list_entries" ADD CONSTRAINT "dishonest_list_entries_removal" CHECK (("dishonest_list_entries"."status" = 'REMOVED') = ("dishonest_list_entries"."removed_on" is not null and "dishonest_list_entries"."removal_reason" is not null));--> statement-breakpoint
ALTER TABLE "supervision_actions" ADD CONSTRAINT "supervision_actions_reason_unless_rectified" CHECK (("supervision_actions"."reason" is null) = ("supervision_actions"."action"::text = 'RECTIFIED'));