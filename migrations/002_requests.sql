-- Up Migration
-- Citizens' requests: who must act (units), what it is about (categories), where (districts,
-- neighbourhoods), the request itself, everyone who reported it, and its life-cycle log.

CREATE TABLE units (
  id          serial PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name_fa     text NOT NULL,
  name_en     text NOT NULL,
  active      boolean NOT NULL DEFAULT true
);

-- Two levels: groups (parent_id NULL) and the leaf categories an operator picks.
-- deadline_hours is how long the unit has to answer; hazards get short ones and jump the queue.
CREATE TABLE categories (
  id              serial PRIMARY KEY,
  code            text NOT NULL UNIQUE,
  parent_id       integer REFERENCES categories(id),
  name_fa         text NOT NULL,
  name_en         text NOT NULL,
  unit_id         integer REFERENCES units(id),
  deadline_hours  integer NOT NULL DEFAULT 72 CHECK (deadline_hours BETWEEN 1 AND 2160),
  hazard          boolean NOT NULL DEFAULT false,
  position        integer NOT NULL DEFAULT 0,
  active          boolean NOT NULL DEFAULT true
);
CREATE INDEX categories_parent_idx ON categories (parent_id);

CREATE TABLE districts (
  id          serial PRIMARY KEY,
  name_fa     text NOT NULL UNIQUE,
  name_en     text NOT NULL,
  position    integer NOT NULL DEFAULT 0
);

CREATE TABLE neighbourhoods (
  id           serial PRIMARY KEY,
  district_id  integer NOT NULL REFERENCES districts(id),
  name_fa      text NOT NULL,
  name_en      text NOT NULL,
  UNIQUE (district_id, name_fa)
);

-- citizen_id is NULL only for a hidden-number caller who gave no number: the request still gets a
-- tracking code. created_by_user_id is NULL for channels without an operator (web, SMS).
CREATE TABLE requests (
  id                  bigserial PRIMARY KEY,
  tracking_code       text NOT NULL UNIQUE CHECK (tracking_code ~ '^[1-9][0-9]{7}$'),
  citizen_id          bigint REFERENCES citizens(id),
  call_id             bigint REFERENCES calls(id),
  category_id         integer NOT NULL REFERENCES categories(id),
  unit_id             integer REFERENCES units(id),      -- the unit it was referred to
  neighbourhood_id    integer REFERENCES neighbourhoods(id),
  address             text,
  lat                 double precision CHECK (lat BETWEEN -90 AND 90),
  lng                 double precision CHECK (lng BETWEEN -180 AND 180),
  description         text NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
  hazard              boolean NOT NULL DEFAULT false,
  status              text NOT NULL DEFAULT 'registered' CHECK (status IN (
                        'registered', 'referred', 'in-progress', 'done', 'feedback-positive',
                        'feedback-negative', 'special-follow-up', 'closed')),
  channel             text NOT NULL DEFAULT 'phone' CHECK (channel IN ('phone', 'sms', 'web', 'app', 'email', 'post', 'meeting')),
  created_by_user_id  bigint REFERENCES users(id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  deadline_at         timestamptz,
  referred_at         timestamptz,
  closed_at           timestamptz,
  reporters           integer NOT NULL DEFAULT 1 CHECK (reporters >= 1),
  CHECK ((lat IS NULL) = (lng IS NULL))
);
CREATE INDEX requests_citizen_idx ON requests (citizen_id, created_at DESC);
CREATE INDEX requests_call_idx ON requests (call_id) WHERE call_id IS NOT NULL;
-- Duplicate search: open requests of one category in one neighbourhood, or near a map point.
CREATE INDEX requests_open_place_idx ON requests (category_id, neighbourhood_id, created_at DESC) WHERE status <> 'closed';
CREATE INDEX requests_open_point_idx ON requests (category_id, lat, lng) WHERE status <> 'closed' AND lat IS NOT NULL;
-- Deadline jobs and wallboards: overdue and due-soon requests per status.
CREATE INDEX requests_status_deadline_idx ON requests (status, deadline_at);

-- Everyone who reported the problem, the first reporter included, so a citizen's history
-- (screen-pop) is one indexed lookup whether they registered the request or called about it again.
CREATE TABLE request_reporters (
  id          bigserial PRIMARY KEY,
  request_id  bigint NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  citizen_id  bigint REFERENCES citizens(id),
  call_id     bigint REFERENCES calls(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
-- Linking the same citizen (or the same call) twice is a no-op, enforced here against races.
CREATE UNIQUE INDEX request_reporters_citizen_uq ON request_reporters (request_id, citizen_id) WHERE citizen_id IS NOT NULL;
CREATE UNIQUE INDEX request_reporters_call_uq ON request_reporters (request_id, call_id) WHERE call_id IS NOT NULL;
CREATE INDEX request_reporters_by_citizen_idx ON request_reporters (citizen_id, request_id) WHERE citizen_id IS NOT NULL;

CREATE TABLE request_events (
  id          bigserial PRIMARY KEY,
  request_id  bigint NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  at          timestamptz NOT NULL DEFAULT now(),
  kind        text NOT NULL CHECK (kind IN ('registered', 'referred', 'note', 'followed-up', 'feedback',
                'special-follow-up', 'closed', 'reporter-linked')),
  note        text,
  user_id     bigint REFERENCES users(id),
  details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX request_events_request_idx ON request_events (request_id, at, id);

-- Standard phrases (Mashhad's practice); category_id NULL = for every category. hotkey = Alt+1..9 on the desk.
CREATE TABLE answer_templates (
  id           serial PRIMARY KEY,
  category_id  integer REFERENCES categories(id),
  text_fa      text NOT NULL,
  text_en      text NOT NULL,
  hotkey       integer NOT NULL CHECK (hotkey BETWEEN 1 AND 9)
);
CREATE UNIQUE INDEX answer_templates_hotkey_uq ON answer_templates (COALESCE(category_id, 0), hotkey);

INSERT INTO units (code, name_fa, name_en) VALUES
  ('district-services', 'خدمات شهری شهرداری منطقه', 'District municipality urban services'),
  ('waste', 'سازمان مدیریت پسماند', 'Waste Management Organisation'),
  ('parks', 'سازمان پارک‌ها و فضای سبز', 'Parks and Green Space Organisation'),
  ('roads', 'معاونت فنی و عمرانی (معابر)', 'Technical and Civil Works (roads)'),
  ('traffic', 'سازمان حمل‌ونقل و ترافیک', 'Transport and Traffic Organisation'),
  ('bus', 'سازمان اتوبوسرانی', 'Bus Company'),
  ('taxi', 'سازمان تاکسیرانی', 'Taxi Organisation'),
  ('enforcement', 'اجرائیات و رفع سد معبر', 'Urban enforcement (obstructions)'),
  ('beautification', 'سازمان زیباسازی', 'Beautification Organisation'),
  ('social', 'معاونت امور اجتماعی و فرهنگی', 'Social and Cultural Affairs'),
  ('water-liaison', 'رابط شرکت آب و فاضلاب', 'Water and Wastewater Company liaison'),
  ('power-liaison', 'رابط شرکت توزیع نیروی برق', 'Power Distribution Company liaison'),
  ('inspection', 'بازرسی و نظارت', 'Inspection and Oversight');

INSERT INTO categories (code, name_fa, name_en, position) VALUES
  ('city-services', 'خدمات شهری', 'City services', 1),
  ('green-space', 'فضای سبز', 'Parks and green space', 2),
  ('technical', 'فنی و عمرانی', 'Technical and civil works', 3),
  ('transport', 'حمل‌ونقل و ترافیک', 'Public transport and traffic', 4),
  ('public-places', 'اماکن عمومی', 'Public places', 5),
  ('beautification', 'زیباسازی و سیمای شهری', 'Beautification and cityscape', 6),
  ('social', 'امور اجتماعی', 'Social affairs', 7),
  ('oversight', 'نظارت همگانی بر کارکنان', 'Public oversight of municipal staff', 8);

INSERT INTO categories (code, parent_id, name_fa, name_en, unit_id, deadline_hours, hazard, position)
SELECT v.code, p.id, v.name_fa, v.name_en, u.id, v.hours, v.hazard, v.pos
FROM (VALUES
  ('garbage-collection', 'city-services', 'جمع‌آوری زباله', 'Garbage collection', 'waste', 24, false, 1),
  ('waste-bins', 'city-services', 'مخزن زباله پر یا آسیب‌دیده', 'Full or damaged waste bin', 'waste', 24, false, 2),
  ('construction-debris', 'city-services', 'نخاله ساختمانی رهاشده', 'Dumped construction debris', 'waste', 72, false, 3),
  ('stray-dogs', 'city-services', 'سگ‌های ولگرد', 'Stray dogs', 'waste', 48, false, 4),
  ('dead-animal', 'city-services', 'لاشه حیوان در معبر', 'Dead animal on the street', 'waste', 12, false, 5),
  ('street-sweeping', 'city-services', 'رفت‌وروب معابر', 'Street sweeping', 'district-services', 48, false, 6),
  ('flooding', 'city-services', 'آب‌گرفتگی معابر', 'Flooded street', 'district-services', 12, false, 7),
  ('tree-pruning', 'green-space', 'هرس درختان', 'Tree pruning', 'parks', 168, false, 1),
  ('tree-spraying', 'green-space', 'سم‌پاشی درختان', 'Tree spraying', 'parks', 168, false, 2),
  ('green-irrigation', 'green-space', 'آبیاری فضای سبز', 'Green-space irrigation', 'parks', 72, false, 3),
  ('fallen-tree', 'green-space', 'سقوط درخت یا شاخه', 'Fallen tree or branch', 'parks', 3, true, 4),
  ('park-equipment', 'green-space', 'خرابی تجهیزات بوستان', 'Broken park equipment', 'parks', 120, false, 5),
  ('pothole', 'technical', 'چاله در آسفالت', 'Pothole', 'roads', 72, false, 1),
  ('dangerous-pothole', 'technical', 'چاله خطرناک یا فرونشست', 'Dangerous pothole or subsidence', 'roads', 6, true, 2),
  ('asphalt-patching', 'technical', 'لکه‌گیری آسفالت', 'Asphalt patching', 'roads', 168, false, 3),
  ('road-repair', 'technical', 'مرمت و ترمیم معابر', 'Road repair', 'roads', 240, false, 4),
  ('open-manhole', 'technical', 'دریچه باز یا شکسته', 'Open or broken manhole', 'roads', 2, true, 5),
  ('pavement-damage', 'technical', 'خرابی پیاده‌رو', 'Damaged pavement', 'roads', 168, false, 6),
  ('water-wastage', 'technical', 'هدررفت آب و شکستگی لوله', 'Water wastage or burst pipe', 'water-liaison', 24, false, 7),
  ('street-lights', 'technical', 'خرابی روشنایی معابر', 'Broken street lights', 'power-liaison', 48, false, 8),
  ('broken-traffic-light', 'transport', 'خرابی چراغ راهنمایی', 'Broken traffic light', 'traffic', 2, true, 1),
  ('traffic-signs', 'transport', 'تابلو و علائم راهنمایی', 'Traffic signs and markings', 'traffic', 72, false, 2),
  ('traffic-congestion', 'transport', 'گره ترافیکی', 'Traffic bottleneck', 'traffic', 168, false, 3),
  ('bus-service', 'transport', 'اتوبوسرانی', 'Bus service', 'bus', 72, false, 4),
  ('taxi-service', 'transport', 'تاکسیرانی', 'Taxi service', 'taxi', 72, false, 5),
  ('street-vendors', 'public-places', 'دستفروشان و وانت‌بارها', 'Street vendors and pick-up trucks', 'enforcement', 48, false, 1),
  ('pavement-obstruction', 'public-places', 'سد معبر پیاده‌رو', 'Pavement obstruction', 'enforcement', 48, false, 2),
  ('nuisance-business', 'public-places', 'مشاغل مزاحم', 'Nuisance business', 'enforcement', 120, false, 3),
  ('public-toilets', 'public-places', 'سرویس بهداشتی عمومی', 'Public toilets', 'district-services', 48, false, 4),
  ('kerb-painting', 'beautification', 'رنگ‌آمیزی جدول و معابر', 'Street and kerb painting', 'beautification', 240, false, 1),
  ('graffiti', 'beautification', 'دیوارنویسی و آگهی غیرمجاز', 'Graffiti and fly-posting', 'beautification', 120, false, 2),
  ('street-furniture', 'beautification', 'آسیب مبلمان و نمای شهری', 'Damaged street furniture or facade', 'beautification', 168, false, 3),
  ('homelessness', 'social', 'کارتن‌خوابی و بی‌خانمانی', 'Homelessness', 'social', 24, false, 1),
  ('begging', 'social', 'تکدی‌گری', 'Begging', 'social', 72, false, 2),
  ('staff-behaviour', 'oversight', 'رفتار کارکنان شهرداری', 'Behaviour of municipal staff', 'inspection', 72, false, 1),
  ('staff-performance', 'oversight', 'عملکرد یا تخلف کارکنان', 'Performance or misconduct of staff', 'inspection', 120, false, 2),
  ('referral-ignored', 'oversight', 'بی‌پاسخ ماندن پیام ۱۳۷', 'A 137 referral left unanswered', 'inspection', 48, false, 3)
) AS v(code, parent, name_fa, name_en, unit, hours, hazard, pos)
JOIN categories p ON p.code = v.parent
JOIN units u ON u.code = v.unit;

-- Mashhad: district 5's neighbourhoods are those named in its 137 news report; the rest are
-- well-known neighbourhoods. Admins correct and extend the list through the API.
INSERT INTO districts (name_fa, name_en, position) VALUES
  ('منطقه ۱', 'District 1', 1),
  ('منطقه ۵', 'District 5', 5),
  ('منطقه ۹', 'District 9', 9),
  ('منطقه ثامن', 'Samen District', 13);

INSERT INTO neighbourhoods (district_id, name_fa, name_en)
SELECT d.id, v.name_fa, v.name_en
FROM (VALUES
  ('منطقه ۱', 'احمدآباد', 'Ahmadabad'),
  ('منطقه ۱', 'سجاد', 'Sajjad'),
  ('منطقه ۱', 'کوهسنگی', 'Kuhsangi'),
  ('منطقه ۱', 'راهنمایی', 'Rahnamaei'),
  ('منطقه ۵', 'جلالیه', 'Jalaliyeh'),
  ('منطقه ۵', 'رضائیه', 'Rezaiyeh'),
  ('منطقه ۵', 'مهرآباد', 'Mehrabad'),
  ('منطقه ۵', 'آوینی', 'Avini'),
  ('منطقه ۹', 'قاسم‌آباد', 'Qasemabad'),
  ('منطقه ۹', 'هاشمیه', 'Hashemiyeh'),
  ('منطقه ۹', 'وکیل‌آباد', 'Vakilabad'),
  ('منطقه ثامن', 'نوغان', 'Noghan'),
  ('منطقه ثامن', 'سراب', 'Sarab'),
  ('منطقه ثامن', 'عیدگاه', 'Eidgah'),
  ('منطقه ثامن', 'پایین‌خیابان', 'Payin Khiyaban')
) AS v(district, name_fa, name_en)
JOIN districts d ON d.name_fa = v.district;

INSERT INTO answer_templates (category_id, text_fa, text_en, hotkey)
SELECT c.id, v.text_fa, v.text_en, v.hotkey
FROM (VALUES
  (NULL, 'سلام، سامانه ۱۳۷ شهرداری مشهد، بفرمایید.', 'Hello, Mashhad municipality 137, how can I help?', 1),
  (NULL, 'درخواست شما ثبت شد. کد رهگیری شما را می‌خوانم، لطفاً یادداشت بفرمایید.', 'Your request is registered. I will read out your tracking code; please write it down.', 2),
  (NULL, 'این مورد قبلاً توسط شهروندان دیگر گزارش شده و شماره شما به آن پیوست شد.', 'Other citizens have already reported this; your number has been linked to it.', 3),
  (NULL, 'نتیجه رسیدگی از طریق پیامک به شما اطلاع داده می‌شود.', 'You will be told the outcome by SMS.', 4),
  (NULL, 'این موضوع در حوزه شهرداری نیست؛ لطفاً با سامانه مربوط تماس بگیرید.', 'This is outside the municipality''s remit; please call the responsible service.', 5),
  ('garbage-collection', 'مأموران پسماند تا ۲۴ ساعت آینده برای جمع‌آوری مراجعه می‌کنند.', 'Waste crews will collect it within the next 24 hours.', 6),
  ('garbage-collection', 'لطفاً زباله را فقط در ساعات اعلام‌شده شهرداری بیرون بگذارید.', 'Please put rubbish out only at the hours the municipality has announced.', 7),
  ('dangerous-pothole', 'لطفاً از محل فاصله بگیرید؛ اکیپ ایمن‌سازی فوراً اعزام می‌شود.', 'Please keep away from the spot; a safety crew is on its way.', 6),
  ('dangerous-pothole', 'اگر کسی آسیب دیده است، همین حالا با ۱۱۵ تماس بگیرید.', 'If anyone is hurt, call 115 now.', 7),
  ('open-manhole', 'لطفاً از محل فاصله بگیرید؛ اکیپ ایمن‌سازی فوراً اعزام می‌شود.', 'Please keep away from the spot; a safety crew is on its way.', 6),
  ('fallen-tree', 'اگر درخت روی خودرو یا سیم برق افتاده، به آن نزدیک نشوید؛ آتش‌نشانی ۱۲۵ را هم خبر کنید.', 'If the tree is on a car or power line, stay away and also call the fire service on 125.', 6),
  ('stray-dogs', 'اکیپ ساماندهی حیوانات بدون صاحب ظرف ۴۸ ساعت اعزام می‌شود.', 'The stray-animal team will be sent within 48 hours.', 6),
  ('water-wastage', 'موضوع به شرکت آب و فاضلاب اعلام می‌شود؛ برای موارد فوری با ۱۲۲ تماس بگیرید.', 'We will notify the water company; for urgent leaks call 122.', 6),
  ('staff-behaviour', 'گزارش شما محرمانه به بازرسی ارسال می‌شود.', 'Your report goes to the inspection office in confidence.', 6)
) AS v(category, text_fa, text_en, hotkey)
LEFT JOIN categories c ON c.code = v.category;

-- Down Migration
DROP TABLE answer_templates, request_events, request_reporters, requests, neighbourhoods, districts, categories, units;
