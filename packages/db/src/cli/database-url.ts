export function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set. Example: DATABASE_URL=postgresql://user:pass@localhost:5432/airlock");
    process.exit(2);
  }
  return url;
}
