-- The simulator texts the default number or a network's own number (issue 17: a newcomer sees the menu at the
-- default number and a network's own program at its number). Each message of a thread keeps which service number it
-- was texted to or came from: NULL is the default number, else a network's own number or Messaging Service. A
-- service's number, never a person's.
ALTER TABLE simulator_messages ADD COLUMN peer text;
