-- People lists filter users by their grants in a province; without this index the
-- correlated lookups scan every grant of the province for each user.
CREATE INDEX role_grants_user_idx ON role_grants (user_id, province_code, role);
CREATE INDEX users_sort_idx ON users (sort_key, id);
