\set ON_ERROR_STOP 1
DROP TABLE IF EXISTS "Deliveries";
CREATE TABLE "Deliveries" ("Id" bigserial PRIMARY KEY, "ArticleId" uuid NOT NULL, "ConversationId" bigint NOT NULL,
 "State" text NOT NULL, "NextAttemptAt" timestamptz NOT NULL, "LeaseOwner" varchar(64), "LeaseExpiresAt" timestamptz,
 "UpdatedAt" timestamptz, "SentAt" timestamptz, "MessageId" varchar(128), "SentRevision" int, "Attempts" int NOT NULL DEFAULT 0,
 "LastError" varchar(1000), "Kind" text NOT NULL DEFAULT 'Article', "CreatedAt" timestamptz NOT NULL DEFAULT now(), "ReadAt" timestamptz);
CREATE UNIQUE INDEX ON "Deliveries" ("ArticleId", "ConversationId");
CREATE INDEX ON "Deliveries" ("ConversationId");
:idx
-- history: 200k already sent rows, then 40k pending
INSERT INTO "Deliveries" ("ArticleId","ConversationId","State","NextAttemptAt","SentAt","MessageId")
 SELECT '00000000-0000-0000-0000-000000000001', g, 'Sent', now(), now(), 'm'||g FROM generate_series(1,200000) g;
INSERT INTO "Deliveries" ("ArticleId","ConversationId","State","NextAttemptAt")
 SELECT '00000000-0000-0000-0000-000000000002', g, 'Pending', now() - interval '1 s' FROM generate_series(1,40000) g;
VACUUM ANALYZE "Deliveries";
\timing on
DO $$
DECLARE ids bigint[]; n int := 0;
BEGIN
 LOOP
  WITH "pending" AS (SELECT "Id" FROM "Deliveries" WHERE "State" = 'Pending' AND "NextAttemptAt" <= now() ORDER BY "NextAttemptAt", "Id" LIMIT 64 FOR UPDATE SKIP LOCKED)
  UPDATE "Deliveries" d SET "State" = 'Sending', "LeaseOwner" = 'me', "LeaseExpiresAt" = now() + interval '30 s', "UpdatedAt" = now()
   FROM "pending" p WHERE d."Id" = p."Id";
  SELECT array_agg("Id") INTO ids FROM "Deliveries" WHERE "State" = 'Sending' AND "LeaseOwner" = 'me';
  EXIT WHEN ids IS NULL;
  UPDATE "Deliveries" AS d SET "State" = 'Sent', "MessageId" = 'x', "SentRevision" = 1, "Attempts" = d."Attempts" + 1, "SentAt" = now(),
    "LastError" = NULL, "LeaseOwner" = NULL, "LeaseExpiresAt" = NULL, "UpdatedAt" = now()
   FROM unnest(ids) AS v(id) WHERE d."Id" = v.id AND d."LeaseOwner" = 'me' AND d."State" = 'Sending';
  n := n + 1;
 END LOOP;
 RAISE NOTICE 'passes %', n;
END $$;
\timing off
SELECT pg_size_pretty(pg_relation_size(indexrelid)) , indexrelid::regclass FROM pg_stat_user_indexes WHERE relname = 'Deliveries';
