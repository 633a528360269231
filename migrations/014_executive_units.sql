-- Up Migration
-- The half after the call: executive units as a tree (district municipality → department → unit),
-- routing of each category to each district's own unit, unit users, referrals with deadlines that
-- escalate up the tree, requests for more time, photos, and notifications.

-- kind 'organisation': a city-wide body (waste organisation, traffic…) that is not under a district.
-- work_days are JavaScript weekdays (0 = Sunday … 6 = Saturday): Iranian offices work Saturday to
-- Wednesday. escalate_after_hours: how long after a missed deadline the next level up is told.
ALTER TABLE units
  ADD COLUMN parent_id integer REFERENCES units(id),
  ADD COLUMN kind text NOT NULL DEFAULT 'organisation' CHECK (kind IN ('district', 'organisation', 'department', 'unit')),
  ADD COLUMN district_id integer REFERENCES districts(id),
  ADD COLUMN work_days smallint[] NOT NULL DEFAULT '{6,0,1,2,3}',
  ADD COLUMN work_start time NOT NULL DEFAULT '07:30',
  ADD COLUMN work_end time NOT NULL DEFAULT '14:30',
  ADD COLUMN escalate_after_hours integer NOT NULL DEFAULT 24 CHECK (escalate_after_hours BETWEEN 1 AND 720),
  ADD COLUMN position integer NOT NULL DEFAULT 0,
  ADD CONSTRAINT units_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id),
  ADD CONSTRAINT units_work_hours CHECK (work_end > work_start);
CREATE INDEX units_parent_idx ON units (parent_id);

ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('operator', 'supervisor', 'admin', 'viewer', 'unit', 'unit-manager'));
-- Where e-mail notifications go (optional).
ALTER TABLE users ADD COLUMN email text CHECK (email IS NULL OR email ~ '^[^@\s]+@[^@\s]+$');

-- A unit user works for one or more units and sees only their requests.
CREATE TABLE unit_members (
  user_id  bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  unit_id  integer NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, unit_id)
);
CREATE INDEX unit_members_unit_idx ON unit_members (unit_id);

-- Hazards count calendar hours (a manhole is open at night too); the rest count the unit's working hours.
ALTER TABLE categories ADD COLUMN deadline_basis text NOT NULL DEFAULT 'working' CHECK (deadline_basis IN ('working', 'calendar'));
UPDATE categories SET deadline_basis = 'calendar' WHERE hazard;

-- Category → unit per district; district_id NULL is the city-wide route (categories.unit_id stays
-- the last fallback). The same category goes to each district's own unit.
CREATE TABLE unit_routes (
  id           serial PRIMARY KEY,
  category_id  integer NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
  district_id  integer REFERENCES districts(id) ON DELETE CASCADE,
  unit_id      integer NOT NULL REFERENCES units(id)
);
CREATE UNIQUE INDEX unit_routes_uq ON unit_routes (category_id, COALESCE(district_id, 0));

-- Each time a request is sent to a unit. At most one is current (ended_at NULL); the request row
-- mirrors its unit and deadline. escalation_level: 0 nothing yet, 1 reminded, 2 overdue (unit
-- manager and 137 told), 3.. the next levels up the unit's tree.
CREATE TABLE referrals (
  id                bigserial PRIMARY KEY,
  request_id        bigint NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  unit_id           integer NOT NULL REFERENCES units(id),
  referred_by       bigint REFERENCES users(id),
  referred_at       timestamptz NOT NULL DEFAULT now(),
  deadline_at       timestamptz NOT NULL,
  deadline_hours    integer NOT NULL CHECK (deadline_hours BETWEEN 1 AND 2160),
  deadline_basis    text NOT NULL CHECK (deadline_basis IN ('working', 'calendar')),
  priority          smallint NOT NULL DEFAULT 0,
  note              text,
  accepted_at       timestamptz,
  accepted_by       bigint REFERENCES users(id),
  done_at           timestamptz,
  ended_at          timestamptz,
  outcome           text CHECK (outcome IN ('done', 'returned', 're-referred', 'closed')),
  return_reason     text,
  escalation_level  smallint NOT NULL DEFAULT 0,
  CHECK ((ended_at IS NULL) = (outcome IS NULL))
);
CREATE UNIQUE INDEX referrals_current_uq ON referrals (request_id) WHERE ended_at IS NULL;
CREATE INDEX referrals_request_idx ON referrals (request_id, referred_at);
CREATE INDEX referrals_unit_open_idx ON referrals (unit_id, deadline_at) WHERE ended_at IS NULL;
CREATE INDEX referrals_unit_idx ON referrals (unit_id, referred_at DESC);

-- A unit asks for more time; a 137 supervisor grants or refuses. One pending ask per referral.
CREATE TABLE deadline_extensions (
  id             bigserial PRIMARY KEY,
  request_id     bigint NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  referral_id    bigint NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  hours          integer NOT NULL CHECK (hours BETWEEN 1 AND 720),
  reason         text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  requested_by   bigint NOT NULL REFERENCES users(id),
  requested_at   timestamptz NOT NULL DEFAULT now(),
  decision       text CHECK (decision IN ('granted', 'refused')),
  decided_by     bigint REFERENCES users(id),
  decided_at     timestamptz,
  decision_note  text
);
CREATE UNIQUE INDEX deadline_extensions_pending_uq ON deadline_extensions (referral_id) WHERE decision IS NULL;
CREATE INDEX deadline_extensions_open_idx ON deadline_extensions (requested_at) WHERE decision IS NULL;

-- Photos a unit attaches (report done). The bytes live on disk outside the web root, named by id.
CREATE TABLE attachments (
  id           uuid PRIMARY KEY,
  request_id   bigint NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  event_id     bigint REFERENCES request_events(id) ON DELETE SET NULL,
  uploaded_by  bigint REFERENCES users(id),
  mime         text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
  bytes        integer NOT NULL CHECK (bytes > 0),
  sha256       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_request_idx ON attachments (request_id, created_at);

-- In-app notifications (the bell). The unique key makes a notification written twice (a retried
-- job, two nodes) count once.
CREATE TABLE notifications (
  id           bigserial PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind ~ '^[a-z-]{1,40}$'),
  request_id   bigint REFERENCES requests(id) ON DELETE CASCADE,
  dedupe_key   text NOT NULL,
  details      jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  read_at      timestamptz,
  emailed_at   timestamptz
);
CREATE UNIQUE INDEX notifications_once_uq ON notifications (user_id, dedupe_key);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- 'returned': the unit said "not ours"; 137 refers it again.
ALTER TABLE requests DROP CONSTRAINT IF EXISTS requests_status_check;
ALTER TABLE requests ADD CONSTRAINT requests_status_check CHECK (status IN ('registered', 'referred', 'in-progress',
  'done', 'feedback-positive', 'feedback-negative', 'special-follow-up', 'closed', 'returned'));
ALTER TABLE request_events DROP CONSTRAINT IF EXISTS request_events_kind_check;
ALTER TABLE request_events ADD CONSTRAINT request_events_kind_check CHECK (kind IN ('registered', 'referred', 'note',
  'followed-up', 'feedback', 'special-follow-up', 'closed', 'reporter-linked', 'overdue', 'accepted', 'progress',
  'done', 'returned', 'extension-requested', 'extension-granted', 'extension-refused', 'reminder', 'escalated',
  'status-changed'));
DROP INDEX IF EXISTS requests_worklist_open_idx;
CREATE INDEX IF NOT EXISTS requests_worklist_open_idx ON requests (created_at DESC, id DESC)
  WHERE status IN ('registered', 'referred', 'in-progress', 'special-follow-up', 'returned');

-- The tree: each district municipality with a technical and a services department and their units.
INSERT INTO units (code, name_fa, name_en, kind, district_id, position)
SELECT 'district-' || d.position, 'شهرداری ' || d.name_fa, d.name_en || ' municipality', 'district', d.id, d.position
  FROM districts d;
INSERT INTO units (code, name_fa, name_en, kind, district_id, parent_id, position)
SELECT 'district-' || d.position || '-' || v.code, v.name_fa || ' ' || d.name_fa, d.name_en || ' ' || v.name_en,
       'department', d.id, p.id, v.pos
  FROM districts d JOIN units p ON p.code = 'district-' || d.position
  CROSS JOIN (VALUES ('technical', 'معاونت فنی و عمرانی', 'technical and civil works', 1),
                     ('services', 'معاونت خدمات شهری', 'urban services', 2)) AS v(code, name_fa, name_en, pos);
INSERT INTO units (code, name_fa, name_en, kind, district_id, parent_id, position)
SELECT 'district-' || d.position || '-' || v.code, d.name_fa || ' — ' || v.name_fa, d.name_en || ' — ' || v.name_en,
       'unit', d.id, p.id, v.pos
  FROM districts d
  CROSS JOIN (VALUES ('roads', 'technical', 'معابر', 'Roads', 1),
                     ('waste', 'services', 'پسماند و نظافت', 'Waste and cleaning', 2)) AS v(code, dept, name_fa, name_en, pos)
  JOIN units p ON p.code = 'district-' || d.position || '-' || v.dept;
INSERT INTO unit_routes (category_id, district_id, unit_id)
SELECT c.id, d.id, u.id
  FROM categories c CROSS JOIN districts d
  JOIN units u ON u.code = 'district-' || d.position || '-' ||
       CASE WHEN c.code IN ('pothole', 'dangerous-pothole', 'asphalt-patching', 'road-repair', 'open-manhole', 'pavement-damage')
            THEN 'roads' ELSE 'waste' END
 WHERE c.code IN ('pothole', 'dangerous-pothole', 'asphalt-patching', 'road-repair', 'open-manhole', 'pavement-damage',
                  'garbage-collection', 'waste-bins', 'construction-debris', 'street-sweeping', 'dead-animal');

-- Down Migration
DELETE FROM request_events WHERE kind IN ('accepted', 'progress', 'done', 'returned', 'extension-requested',
  'extension-granted', 'extension-refused', 'reminder', 'escalated', 'status-changed');
UPDATE requests SET status = 'registered' WHERE status = 'returned';
ALTER TABLE request_events DROP CONSTRAINT IF EXISTS request_events_kind_check;
ALTER TABLE request_events ADD CONSTRAINT request_events_kind_check CHECK (kind IN ('registered', 'referred', 'note',
  'followed-up', 'feedback', 'special-follow-up', 'closed', 'reporter-linked', 'overdue'));
ALTER TABLE requests DROP CONSTRAINT IF EXISTS requests_status_check;
ALTER TABLE requests ADD CONSTRAINT requests_status_check CHECK (status IN ('registered', 'referred', 'in-progress',
  'done', 'feedback-positive', 'feedback-negative', 'special-follow-up', 'closed'));
DROP TABLE notifications, attachments, deadline_extensions, referrals, unit_routes, unit_members;
ALTER TABLE categories DROP COLUMN deadline_basis;
ALTER TABLE users DROP COLUMN email;
DELETE FROM users WHERE role IN ('unit', 'unit-manager');
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('operator', 'supervisor', 'admin', 'viewer'));
UPDATE requests SET unit_id = NULL WHERE unit_id IN (SELECT id FROM units WHERE kind <> 'organisation');
DELETE FROM units WHERE kind = 'unit';
DELETE FROM units WHERE kind = 'department';
DELETE FROM units WHERE kind = 'district';
ALTER TABLE units DROP COLUMN parent_id, DROP COLUMN kind, DROP COLUMN district_id, DROP COLUMN work_days,
  DROP COLUMN work_start, DROP COLUMN work_end, DROP COLUMN escalate_after_hours, DROP COLUMN position;
