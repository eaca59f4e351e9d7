-- 边境乡镇名单 (方案 二(三); SPEC §14), first version, valid from the pilot's start (2025-01-01).
-- 待自治州商务局确认 / to be confirmed by the prefecture commerce bureau: the pilot plan names no
-- township, so this is the hub's provisional reading of the townships of the seed data (README,
-- "Border townships"); COMMERCE replaces it with setBorderTownships. 阿拉山口市 qualifies as a whole.
INSERT INTO "border_townships" ("county", "township", "valid_from", "valid_to") VALUES
  ('652701', '小营盘镇', '2025-01-01', NULL),
  ('652723', '哈日布呼镇', '2025-01-01', NULL),
  ('652723', '安格里格乡', '2025-01-01', NULL),
  ('659007', '八十九团', '2025-01-01', NULL),
  ('659007', '九十团', '2025-01-01', NULL)
ON CONFLICT DO NOTHING;
