-- The SecurityReset.EntityFrameworkCore schema for SQLite, default table prefix and schema.
-- Generated from the EF Core model (GenerateCreateScript); a test keeps it equal to the model. To regenerate:
--   SECURITYRESET_UPDATE_SCHEMA=1 dotnet test tests/SecurityReset.EntityFrameworkCore.Tests
-- Timestamps are UTC ticks (100 ns units since 0001-01-01T00:00Z). A "Payload" is opaque to the store:
-- SecurityReset.Core writes and reads it. A case's is its snapshot, and the case's other columns are copies of
-- its fields for the queries; an account guard's is the account's counts across cases (printable ASCII).
CREATE TABLE "SecurityResetAccountGuards" (
    "AccountId" TEXT NOT NULL CONSTRAINT "PK_SecurityResetAccountGuards" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "Payload" TEXT NOT NULL
);


CREATE TABLE "SecurityResetCases" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_SecurityResetCases" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "ExpiresAtUtcTicks" INTEGER NOT NULL,
    "SubmittedAtUtcTicks" INTEGER NULL,
    "DecidedAtUtcTicks" INTEGER NULL,
    "PurgeAfterUtcTicks" INTEGER NULL,
    "Version" INTEGER NOT NULL,
    "Payload" BLOB NOT NULL
);


CREATE TABLE "SecurityResetIdempotency" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_SecurityResetIdempotency" PRIMARY KEY,
    "RequestHash" TEXT NOT NULL,
    "ResultJson" TEXT NOT NULL,
    "ExpiresAtUtcTicks" INTEGER NOT NULL
);


CREATE TABLE "SecurityResetOutbox" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_SecurityResetOutbox" PRIMARY KEY,
    "CaseId" TEXT NOT NULL,
    "DueAtUtcTicks" INTEGER NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "ClaimToken" TEXT NULL,
    "Payload" BLOB NOT NULL
);


CREATE TABLE "SecurityResetCaseEvents" (
    "CaseId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "Type" TEXT NOT NULL,
    "OccurredAtUtcTicks" INTEGER NOT NULL,
    "ActorKind" TEXT NOT NULL,
    "ActorId" TEXT NOT NULL,
    "Detail" TEXT NULL,
    "Seal" TEXT NULL,
    CONSTRAINT "PK_SecurityResetCaseEvents" PRIMARY KEY ("CaseId", "Version", "Sequence"),
    CONSTRAINT "FK_SecurityResetCaseEvents_SecurityResetCases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "SecurityResetCases" ("Id") ON DELETE RESTRICT
);


CREATE INDEX "IX_SecurityResetCases_Expiry" ON "SecurityResetCases" ("State", "ExpiresAtUtcTicks");


CREATE UNIQUE INDEX "IX_SecurityResetCases_OpenAccount" ON "SecurityResetCases" ("AccountId") WHERE "State" IN ('SelectingItems', 'VerifyingItems', 'Questionnaire', 'SupplementaryProofs', 'IdentityVerification', 'ReadyToSubmit', 'Submitted', 'UnderReview', 'InformationRequested', 'Approved', 'Disputed');


CREATE INDEX "IX_SecurityResetCases_PurgeDue" ON "SecurityResetCases" ("PurgeAfterUtcTicks");


CREATE INDEX "IX_SecurityResetCases_ReviewQueue" ON "SecurityResetCases" ("State", "SubmittedAtUtcTicks", "Id");


CREATE INDEX "IX_SecurityResetIdempotency_Expiry" ON "SecurityResetIdempotency" ("ExpiresAtUtcTicks");


CREATE INDEX "IX_SecurityResetOutbox_Due" ON "SecurityResetOutbox" ("DueAtUtcTicks");
