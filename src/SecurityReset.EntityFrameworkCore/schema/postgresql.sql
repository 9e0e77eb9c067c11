-- The SecurityReset.EntityFrameworkCore schema for PostgreSQL, default table prefix and schema.
-- Generated from the EF Core model (GenerateCreateScript); a test keeps it equal to the model. To regenerate:
--   SECURITYRESET_UPDATE_SCHEMA=1 dotnet test tests/SecurityReset.EntityFrameworkCore.Tests
-- Timestamps are UTC ticks (100 ns units since 0001-01-01T00:00Z). A "Payload" is opaque to the store:
-- SecurityReset.Core writes and reads it. A case's is its snapshot, and the case's other columns are copies of
-- its fields for the queries; an account guard's is the account's counts across cases (printable ASCII).
CREATE TABLE "SecurityResetAccountGuards" (
    "AccountId" character varying(200) NOT NULL,
    "Version" bigint NOT NULL,
    "Payload" character varying(2000) NOT NULL,
    CONSTRAINT "PK_SecurityResetAccountGuards" PRIMARY KEY ("AccountId")
);


CREATE TABLE "SecurityResetCases" (
    "Id" uuid NOT NULL,
    "AccountId" character varying(200) NOT NULL,
    "State" character varying(32) NOT NULL,
    "ExpiresAtUtcTicks" bigint NOT NULL,
    "SubmittedAtUtcTicks" bigint,
    "DecidedAtUtcTicks" bigint,
    "PurgeAfterUtcTicks" bigint,
    "Version" bigint NOT NULL,
    "Payload" bytea NOT NULL,
    CONSTRAINT "PK_SecurityResetCases" PRIMARY KEY ("Id")
);


CREATE TABLE "SecurityResetIdempotency" (
    "Key" character varying(256) NOT NULL,
    "RequestHash" character varying(128) NOT NULL,
    "ResultJson" text NOT NULL,
    "ExpiresAtUtcTicks" bigint NOT NULL,
    CONSTRAINT "PK_SecurityResetIdempotency" PRIMARY KEY ("Key")
);


CREATE TABLE "SecurityResetOutbox" (
    "Id" uuid NOT NULL,
    "CaseId" uuid NOT NULL,
    "DueAtUtcTicks" bigint NOT NULL,
    "Attempts" integer NOT NULL,
    "ClaimToken" uuid,
    "Payload" bytea NOT NULL,
    CONSTRAINT "PK_SecurityResetOutbox" PRIMARY KEY ("Id")
);


CREATE TABLE "SecurityResetCaseEvents" (
    "CaseId" uuid NOT NULL,
    "Version" bigint NOT NULL,
    "Sequence" integer NOT NULL,
    "Type" character varying(64) NOT NULL,
    "OccurredAtUtcTicks" bigint NOT NULL,
    "ActorKind" character varying(16) NOT NULL,
    "ActorId" character varying(200) NOT NULL,
    "Detail" text,
    "Seal" character varying(64),
    CONSTRAINT "PK_SecurityResetCaseEvents" PRIMARY KEY ("CaseId", "Version", "Sequence"),
    CONSTRAINT "FK_SecurityResetCaseEvents_SecurityResetCases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "SecurityResetCases" ("Id") ON DELETE RESTRICT
);


CREATE INDEX "IX_SecurityResetCases_Expiry" ON "SecurityResetCases" ("State", "ExpiresAtUtcTicks");


CREATE UNIQUE INDEX "IX_SecurityResetCases_OpenAccount" ON "SecurityResetCases" ("AccountId") WHERE "State" IN ('SelectingItems', 'VerifyingItems', 'Questionnaire', 'SupplementaryProofs', 'IdentityVerification', 'ReadyToSubmit', 'Submitted', 'UnderReview', 'InformationRequested', 'Approved', 'Disputed');


CREATE INDEX "IX_SecurityResetCases_PurgeDue" ON "SecurityResetCases" ("PurgeAfterUtcTicks");


CREATE INDEX "IX_SecurityResetCases_ReviewQueue" ON "SecurityResetCases" ("State", "SubmittedAtUtcTicks", "Id");


CREATE INDEX "IX_SecurityResetIdempotency_Expiry" ON "SecurityResetIdempotency" ("ExpiresAtUtcTicks");


CREATE INDEX "IX_SecurityResetOutbox_Due" ON "SecurityResetOutbox" ("DueAtUtcTicks");
