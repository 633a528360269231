-- Up Migration
-- SMS to citizens over SMPP (src/sms). A citizen gets messages only after agreeing (the operator
-- confirms it on the desk): requests.sms_consent.
ALTER TABLE requests ADD COLUMN sms_consent boolean NOT NULL DEFAULT false;

-- The Persian texts, editable by admins. Placeholders: {trackingCode} {category} {unit} {deadline} {status}.
CREATE TABLE sms_templates (
  key         text PRIMARY KEY CHECK (key IN ('registered', 'referred', 'done', 'closed', 'feedback-question', 'status-reply')),
  text_fa     text NOT NULL CHECK (length(text_fa) BETWEEN 1 AND 1000),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  bigint REFERENCES users(id)
);
INSERT INTO sms_templates (key, text_fa) VALUES
  ('registered', 'شهروند گرامی، درخواست شما در سامانه ۱۳۷ ثبت شد. کد رهگیری: {trackingCode}. برای پیگیری با ۱۳۷ تماس بگیرید.'),
  ('referred', 'درخواست {trackingCode} ({category}) به {unit} ارجاع شد. مهلت رسیدگی: {deadline}. سامانه ۱۳۷'),
  ('done', 'رسیدگی به درخواست {trackingCode} ({category}) توسط {unit} انجام شد. به‌زودی نظر شما را می‌پرسیم. سامانه ۱۳۷'),
  ('closed', 'درخواست {trackingCode} ({category}) مختومه شد. از همراهی شما سپاسگزاریم. سامانه ۱۳۷'),
  ('feedback-question', 'شهروند گرامی، آیا مشکل درخواست {trackingCode} ({category}) برطرف شد؟ اگر برطرف نشده، با ۱۳۷ تماس بگیرید و گزینه ۲ و سپس ۳ را بزنید.'),
  ('status-reply', 'وضعیت درخواست {trackingCode} ({category}): {status}. سامانه ۱۳۷');

-- One row per message (all its segments). The text is rendered when queued: editing a template
-- later does not change what is already on its way. concat_ref is the UDH reference of its segments,
-- kept so a resend of missing segments after a dropped link still reassembles on the phone.
CREATE TABLE sms_messages (
  id            bigserial PRIMARY KEY,
  request_id    bigint REFERENCES requests(id),
  template      text NOT NULL,
  phone_e164    text NOT NULL,
  text          text NOT NULL,
  segments      integer NOT NULL CHECK (segments BETWEEN 1 AND 255),
  concat_ref    integer NOT NULL CHECK (concat_ref BETWEEN 0 AND 255),
  status        text NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'sending', 'submitted', 'delivered', 'undeliverable', 'failed')),
  error         text,
  created_by    bigint REFERENCES users(id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  submitted_at  timestamptz,
  delivered_at  timestamptz
);
CREATE INDEX sms_messages_request_idx ON sms_messages (request_id, created_at) WHERE request_id IS NOT NULL;
CREATE INDEX sms_messages_pending_idx ON sms_messages (id) WHERE status IN ('queued', 'sending');

-- One row per segment the SMSC accepted (submit_sm_resp's message_id); its delivery receipt lands here.
CREATE TABLE sms_parts (
  sms_id         bigint NOT NULL REFERENCES sms_messages(id) ON DELETE CASCADE,
  part           integer NOT NULL,
  smsc_id        text NOT NULL,
  state          text NOT NULL DEFAULT 'submitted',
  error_code     text,
  submitted_at   timestamptz NOT NULL DEFAULT now(),
  receipt_at     timestamptz,
  PRIMARY KEY (sms_id, part)
);
CREATE INDEX sms_parts_smsc_idx ON sms_parts (smsc_id);

-- Down Migration
DROP TABLE IF EXISTS sms_parts;
DROP TABLE IF EXISTS sms_messages;
DROP TABLE IF EXISTS sms_templates;
ALTER TABLE requests DROP COLUMN IF EXISTS sms_consent;
