-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "pgScramVerifier" TEXT,
ADD COLUMN     "pgUser" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_pgUser_key" ON "ApiKey"("pgUser");
