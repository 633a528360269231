-- Up Migration
-- Issue 14: a `manager` role (reads everything, changes nothing) and a `council` role for
-- neighbourhood councils, each council user tied to the neighbourhoods they speak for.
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('operator', 'supervisor', 'admin', 'viewer', 'unit', 'unit-manager', 'manager', 'council'));

CREATE TABLE council_neighbourhoods (
  user_id          bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  neighbourhood_id integer NOT NULL REFERENCES neighbourhoods(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, neighbourhood_id)
);
CREATE INDEX council_neighbourhoods_hood_idx ON council_neighbourhoods (neighbourhood_id);

-- Down Migration
DROP TABLE IF EXISTS council_neighbourhoods;
DELETE FROM users WHERE role IN ('manager', 'council');
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('operator', 'supervisor', 'admin', 'viewer', 'unit', 'unit-manager'));
