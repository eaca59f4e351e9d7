CREATE TYPE "public"."residence_basis" AS ENUM('HUKOU', 'HABITUAL');--> statement-breakpoint
CREATE TABLE "border_townships" (
	"county" text NOT NULL,
	"township" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	CONSTRAINT "border_townships_county_township_valid_from_pk" PRIMARY KEY("county","township","valid_from"),
	CONSTRAINT "border_townships_county" CHECK ("border_townships"."county" in ('652701', '652723', '659007')),
	CONSTRAINT "border_townships_valid_range" CHECK ("border_townships"."valid_to" is null or "border_townships"."valid_to" >= "border_townships"."valid_from")
);
--> statement-breakpoint
ALTER TABLE "border_residents" DROP CONSTRAINT "border_residents_border_county";--> statement-breakpoint
ALTER TABLE "border_residents" ADD COLUMN "residence_basis" "residence_basis" DEFAULT 'HUKOU' NOT NULL;--> statement-breakpoint
-- Existing residents (SPEC §14, issue 12 item 1): county and township stay as stored (the ID
-- number's prefix, or what COMMERCE entered on the roster), basis HUKOU, and every one is flagged
-- presumed: the hub never recorded a residence for them. DEFAULT true fills the existing rows only.
ALTER TABLE "border_residents" ADD COLUMN "residence_presumed" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "border_residents" ALTER COLUMN "residence_presumed" SET DEFAULT false;--> statement-breakpoint
ALTER TABLE "border_residents" ADD CONSTRAINT "border_residents_county_code" CHECK ("border_residents"."county" ~ '^[0-9]{6}$');