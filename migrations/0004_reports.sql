CREATE TABLE "trade_daily_commodity" (
	"declared_on" date NOT NULL,
	"hs_code" text NOT NULL,
	"purpose" "declaration_purpose" NOT NULL,
	"trade_point" text NOT NULL,
	"declaration_count" bigint NOT NULL,
	"value_yuan" numeric(20, 2) NOT NULL,
	"quantity_kg" numeric(20, 3) NOT NULL,
	CONSTRAINT "trade_daily_commodity_declared_on_hs_code_purpose_trade_point_pk" PRIMARY KEY("declared_on","hs_code","purpose","trade_point")
);
--> statement-breakpoint
CREATE TABLE "trade_daily" (
	"declared_on" date NOT NULL,
	"purpose" "declaration_purpose" NOT NULL,
	"trade_point" text NOT NULL,
	"declaration_count" bigint NOT NULL,
	"value_yuan" numeric(20, 2) NOT NULL,
	"quantity_kg" numeric(20, 3) NOT NULL,
	CONSTRAINT "trade_daily_declared_on_purpose_trade_point_pk" PRIMARY KEY("declared_on","purpose","trade_point")
);
