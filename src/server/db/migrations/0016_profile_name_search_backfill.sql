-- Custom SQL migration file, put your code below! ---- Names typed as prefixes match the names-only vector; fill it for every profile there is.
UPDATE profiles p SET search_name = to_tsvector('simple', u.name) FROM users u WHERE u.id = p.user_id;
