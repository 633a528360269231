-- Up Migration
-- One answer per feedback call taken in the IVR. When the PBX changes hands during the question,
-- the old node's late write and the new node's answer would both land: the first one stored wins
-- (src/feedback: the second is refused as ALREADY_ANSWERED, and nothing moves twice).
-- Answers given by staff or by SMS name no call of their own and are not limited here.
DELETE FROM feedback_answers a
 USING feedback_answers b
 WHERE a.via = 'ivr' AND b.via = 'ivr' AND a.feedback_call_id = b.feedback_call_id AND a.id > b.id;
CREATE UNIQUE INDEX feedback_answers_ivr_call_uq
  ON feedback_answers (feedback_call_id)
  WHERE via = 'ivr' AND feedback_call_id IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS feedback_answers_ivr_call_uq;
