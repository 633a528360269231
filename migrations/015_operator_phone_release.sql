-- Up Migration
-- An operator's phone can be taken back without losing their history: a disabled operator's
-- extension is given to a new hire, an operator who becomes a supervisor gives theirs up. The
-- operators row stays (calls, state intervals and survey scores point at it); only the phone goes.
-- A row without a phone is not in the CTI's directory and does not make its user an operator at the desk.
ALTER TABLE operators ALTER COLUMN extension DROP NOT NULL, ALTER COLUMN interface DROP NOT NULL;
ALTER TABLE operators ADD CONSTRAINT operators_phone_whole CHECK ((extension IS NULL) = (interface IS NULL));

-- Down Migration
-- Rows without a phone keep their history and get a placeholder phone nobody dials (unique per server as before).
UPDATE operators SET extension = 'released-' || id, interface = 'PJSIP/released-' || id WHERE extension IS NULL;
ALTER TABLE operators DROP CONSTRAINT operators_phone_whole;
ALTER TABLE operators ALTER COLUMN extension SET NOT NULL, ALTER COLUMN interface SET NOT NULL;
