-- Up Migration
-- Several Asterisk servers: each operator's phone registers on exactly one of them, and its queue
-- actions (QueueAdd/Pause/Remove, a supervisor's ChanSpy) must go to that one. server_id is the
-- position of the server in ASTERISK_AMI_URL (pbx1 = first, pbx2 = second ...); existing
-- operators and the embedded emulator's are on the first.
ALTER TABLE operators ADD COLUMN server_id text NOT NULL DEFAULT 'pbx1' CHECK (server_id ~ '^pbx[1-9][0-9]{0,2}$');

-- Extensions are numbered per PBX: 1001 on pbx1 and 1001 on pbx2 are two different phones.
ALTER TABLE operators DROP CONSTRAINT operators_extension_key, DROP CONSTRAINT operators_interface_key;
ALTER TABLE operators
  ADD CONSTRAINT operators_server_extension_key UNIQUE (server_id, extension),
  ADD CONSTRAINT operators_server_interface_key UNIQUE (server_id, interface);

-- Down Migration
ALTER TABLE operators DROP CONSTRAINT operators_server_interface_key, DROP CONSTRAINT operators_server_extension_key;
ALTER TABLE operators ADD CONSTRAINT operators_extension_key UNIQUE (extension), ADD CONSTRAINT operators_interface_key UNIQUE (interface);
ALTER TABLE operators DROP COLUMN server_id;
