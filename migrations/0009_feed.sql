CREATE TABLE "changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"seq" bigint,
	"entity" text NOT NULL,
	"row_id" uuid NOT NULL,
	"op" text NOT NULL,
	"at" timestamp (3) with time zone DEFAULT clock_timestamp() NOT NULL,
	"enterprise_id" uuid,
	"cooperative_id" uuid,
	"scope_exit" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"webhook_id" uuid NOT NULL,
	"attempted_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"first_seq" bigint NOT NULL,
	"last_seq" bigint NOT NULL,
	"change_count" integer NOT NULL,
	"idempotency_key" text NOT NULL,
	"attempt" integer NOT NULL,
	"status_code" integer,
	"ok" boolean NOT NULL,
	"error" text,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"sub" text NOT NULL,
	"agency" "agency" NOT NULL,
	"org" uuid,
	"url" text NOT NULL,
	"entities" text[] DEFAULT '{}'::text[] NOT NULL,
	"secret" text NOT NULL,
	"delivered_seq" bigint DEFAULT 0 NOT NULL,
	"failing_since" timestamp (3) with time zone,
	"gave_up_at" timestamp (3) with time zone,
	"lease_until" timestamp (3) with time zone,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "changes_seq_key" ON "changes" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "changes_unsequenced_idx" ON "changes" USING btree ("id") WHERE "changes"."seq" is null;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_webhook_idx" ON "webhook_deliveries" USING btree ("webhook_id","attempted_at");--> statement-breakpoint
CREATE INDEX "webhooks_owner_idx" ON "webhooks" USING btree ("agency","sub");