-- Up Migration
-- Issue 15 items 3 and 4: SMS to the short code (mobile-originated) and the blended triage queue.

-- Every message a citizen sends to the short code, stored before the SMSC gets its deliver_sm_resp.
-- A resent deliver_sm (the SMSC did not hear our answer) meets the unique dedup key and is stored
-- once. Segments of a long message wait in sms_inbound_parts until the last one is in.
CREATE TABLE sms_inbound (
  id           bigserial PRIMARY KEY,
  dedup_key    text NOT NULL UNIQUE,
  phone_e164   text NOT NULL,
  short_code   text NOT NULL,
  text         text NOT NULL,
  parts        integer NOT NULL DEFAULT 1,
  received_at  timestamptz NOT NULL DEFAULT now(),
  -- The node that handled it (status reply or triage item); null until one claims it.
  handled_at   timestamptz,
  outcome      text CHECK (outcome IN ('status-reply', 'triage', 'unknown-code', 'ignored'))
);
CREATE INDEX sms_inbound_phone_idx ON sms_inbound (phone_e164, received_at DESC);
CREATE INDEX sms_inbound_unhandled_idx ON sms_inbound (id) WHERE handled_at IS NULL;

CREATE TABLE sms_inbound_parts (
  dedup_key    text PRIMARY KEY,
  phone_e164   text NOT NULL,
  ref          integer NOT NULL,
  total        integer NOT NULL CHECK (total BETWEEN 2 AND 255),
  part         integer NOT NULL CHECK (part BETWEEN 1 AND 255),
  text         text NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  -- Set once the message is whole: a later message reusing the 8-bit reference starts afresh.
  inbound_id   bigint REFERENCES sms_inbound(id) ON DELETE CASCADE
);
CREATE INDEX sms_inbound_parts_open_idx ON sms_inbound_parts (phone_e164, ref, total) WHERE inbound_id IS NULL;

-- The status answer to a tracking code sent to the short code: nothing personal in it.
ALTER TABLE sms_templates DROP CONSTRAINT IF EXISTS sms_templates_key_check;
ALTER TABLE sms_templates ADD CONSTRAINT sms_templates_key_check
  CHECK (key IN ('registered', 'referred', 'done', 'closed', 'feedback-question', 'status-reply', 'status'));
INSERT INTO sms_templates (key, text_fa) VALUES
  ('status', 'درخواست {trackingCode}: {status}. واحد: {unit}. مهلت: {deadline}. سامانه ۱۳۷')
ON CONFLICT (key) DO NOTHING;

-- Non-phone submissions a person must look at: waiting → offered (held by one ready operator) →
-- done | dismissed.
CREATE TABLE triage_items (
  id              bigserial PRIMARY KEY,
  source          text NOT NULL CHECK (source IN ('web', 'sms', 'open311')),
  request_id      bigint REFERENCES requests(id),
  phone_e164      text,
  text            text NOT NULL,
  reasons         text[] NOT NULL CHECK (reasons <@ ARRAY['unclear-category', 'no-place', 'possible-duplicate', 'free-text']::text[]),
  external_ref    text,
  status          text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'offered', 'done', 'dismissed')),
  offered_to      bigint REFERENCES operators(id),
  offered_at      timestamptz,
  result_request_id bigint REFERENCES requests(id),
  dismiss_reason  text,
  closed_by       bigint REFERENCES users(id),
  closed_at       timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX triage_items_external_idx ON triage_items (source, external_ref) WHERE external_ref IS NOT NULL;
CREATE INDEX triage_items_waiting_idx ON triage_items (created_at, id) WHERE status = 'waiting';
CREATE UNIQUE INDEX triage_items_one_offer_idx ON triage_items (offered_to) WHERE status = 'offered';

-- Down Migration
DROP TABLE IF EXISTS triage_items;
DELETE FROM sms_templates WHERE key = 'status';
ALTER TABLE sms_templates DROP CONSTRAINT IF EXISTS sms_templates_key_check;
ALTER TABLE sms_templates ADD CONSTRAINT sms_templates_key_check
  CHECK (key IN ('registered', 'referred', 'done', 'closed', 'feedback-question', 'status-reply'));
DROP TABLE IF EXISTS sms_inbound_parts;
DROP TABLE IF EXISTS sms_inbound;
