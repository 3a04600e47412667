-- The last TOTP time step accepted for each user: a code cannot be used twice (RFC 6238 §5.2).
ALTER TABLE users ADD COLUMN totp_last_step bigint;
