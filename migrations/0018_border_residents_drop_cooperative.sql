ALTER TABLE "border_residents" DROP CONSTRAINT "border_residents_cooperative_id_cooperatives_id_fk";
--> statement-breakpoint
DROP INDEX "border_residents_cooperative_idx";--> statement-breakpoint
ALTER TABLE "border_residents" DROP COLUMN "cooperative_id";