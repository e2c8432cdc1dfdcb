CREATE TABLE "feed_items" (
	"audience_id" uuid NOT NULL,
	"stored" timestamp with time zone NOT NULL,
	"statement_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"verb" text NOT NULL,
	"actor_id" uuid,
	"community_id" uuid,
	"object_type" text NOT NULL,
	"object_id" text NOT NULL,
	CONSTRAINT "feed_items_audience_id_stored_statement_id_pk" PRIMARY KEY("audience_id","stored","statement_id")
);
--> statement-breakpoint
CREATE INDEX "feed_items_statement_idx" ON "feed_items" USING btree ("statement_id");--> statement-breakpoint
CREATE INDEX "home_shares_statement_idx" ON "home_shares" USING btree ("statement_id");--> statement-breakpoint
-- The feed items of the statements already recorded, as recording each would have written them:
-- threads started, replies and insights reach their community and the people following their author.
INSERT INTO "feed_items" ("audience_id", "stored", "statement_id", "kind", "verb", "actor_id", "community_id", "object_type", "object_id")
SELECT a.audience_id, s.stored, s.id, 'discussion.post', s.verb, s.actor_id, s.community_id, s.object_type, s.object_id
  FROM "statements" s
  CROSS JOIN LATERAL unnest(ARRAY[s.community_id, s.actor_id]) AS a(audience_id)
 WHERE s.verb IN ('http://activitystrea.ms/schema/1.0/post', 'http://adlnet.gov/expapi/verbs/commented',
                  'https://trellis.dev/xapi/verbs/marked-insight')
   AND s.object_type IN ('thread', 'post') AND s.community_id IS NOT NULL AND a.audience_id IS NOT NULL
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Joining a community reaches its members.
INSERT INTO "feed_items" ("audience_id", "stored", "statement_id", "kind", "verb", "actor_id", "community_id", "object_type", "object_id")
SELECT s.community_id, s.stored, s.id, 'communities.joined', s.verb, s.actor_id, s.community_id, s.object_type, s.object_id
  FROM "statements" s
 WHERE s.verb = 'http://activitystrea.ms/schema/1.0/join' AND s.object_type = 'community' AND s.community_id IS NOT NULL
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- What was brought home reaches the school or district it was brought home to.
INSERT INTO "feed_items" ("audience_id", "stored", "statement_id", "kind", "verb", "actor_id", "community_id", "object_type", "object_id")
SELECT hs.target_id, s.stored, s.id, 'mobilization.home_share', s.verb, s.actor_id, s.community_id, s.object_type, s.object_id
  FROM "home_shares" hs
  JOIN "statements" s ON s.id = hs.statement_id
 WHERE s.verb = 'https://trellis.dev/xapi/verbs/brought-home' AND s.object_type IN ('resource', 'post')
ON CONFLICT DO NOTHING;
