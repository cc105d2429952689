-- Recorded payloads (SessionEvent.payload, up to a whole 64 KB reply each) and session search
-- text are compressed with LZ4 instead of PostgreSQL's default pglz when they are stored out of
-- line: the recorder's batched INSERTs then cost PostgreSQL a fifth to a third less CPU per 16 KB
-- reply (docs/performance.md), and reads decompress faster too. Rows already stored keep their
-- compression; new ones use LZ4. Compression settings are invisible to schema.prisma, so this
-- lives only here. A server built without LZ4 support (or older than PostgreSQL 14) refuses the
-- setting; it then keeps pglz, which is only slower.
DO $$
BEGIN
  EXECUTE 'ALTER TABLE "SessionEvent" ALTER COLUMN "payload" SET COMPRESSION lz4';
  EXECUTE 'ALTER TABLE "RecordedSession" ALTER COLUMN "searchText" SET COMPRESSION lz4';
EXCEPTION
  WHEN feature_not_supported OR syntax_error OR invalid_parameter_value THEN
    RAISE NOTICE 'LZ4 compression is not available on this server; recorded payloads keep pglz';
END
$$;
