-- A team member's mobile number, for notifications by SMS (alerts to an account's owner).
ALTER TABLE team_members ADD COLUMN phone text CHECK (phone ~ '^\+[1-9][0-9]{6,14}$');
