-- Who is connected to the real-time channel, on which node: a change is also sent through the
-- notifier (email, SMS) to the people it concerns who are not. A node refreshes its rows every
-- 30 s; rows older than 90 s belong to a node that stopped without saying so and are ignored.
CREATE UNLOGGED TABLE realtime_presence (
  node_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, node_id)
);
CREATE INDEX realtime_presence_node_idx ON realtime_presence (node_id);
