-- Full-text search over sessions' masked content (the console's `q` filter). An expression index,
-- which schema.prisma cannot declare (so, like the triggers in the init migration, it lives only
-- here; the schema engine leaves expression indexes alone when diffing). The 'simple' configuration
-- indexes words as written, without language-specific stemming, since recorded text can be in any
-- language and masked placeholders ([EMAIL], <EMAIL_1>) must be searchable as they are.
-- Queries must use exactly: to_tsvector('simple', "searchText") @@ websearch_to_tsquery('simple', $1)
CREATE INDEX "RecordedSession_searchText_fts_idx" ON "RecordedSession" USING GIN (to_tsvector('simple'::regconfig, "searchText"));
