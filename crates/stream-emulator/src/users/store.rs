//! The users store: plain data, stored with the app (`--data`).

use serde::{Deserialize, Serialize};

use crate::persist::Tracked;
use serde_json::{Map, Value, json};

use crate::error::ApiError;
use crate::fields::check_id;
use crate::stamp::Stamp;

/// One user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct User {
    /// User id.
    pub(crate) id: String,
    /// Custom data.
    pub(crate) data: Map<String, Value>,
    /// Creation time (RFC 3339).
    pub(crate) created_at: String,
    /// Last update time (RFC 3339).
    pub(crate) updated_at: String,
}

impl User {
    /// The user as the service returns it (also the enriched form of an `SU:` reference).
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "id": self.id,
            "data": self.data,
        })
    }
}

/// Every user of one app.
#[derive(Default, Debug, Clone, Serialize, Deserialize)]
pub(crate) struct UserStore {
    pub(crate) users: Tracked<User>,
}

impl UserStore {
    /// Adds a user. With `get_or_create` an existing user is returned unchanged; without it an
    /// existing id is a 409. The flag is true when the user was created.
    pub(crate) fn add(
        &mut self,
        id: &str,
        data: Map<String, Value>,
        get_or_create: bool,
        now: Stamp,
    ) -> Result<(User, bool), ApiError> {
        check_id("id", id)?;
        if let Some(existing) = self.users.get(id) {
            if get_or_create {
                return Ok((existing.clone(), false));
            }
            return Err(ApiError::conflict(format!("user {id} already exists")));
        }
        let at = now.rfc3339();
        let user = User {
            id: id.to_owned(),
            data,
            created_at: at.clone(),
            updated_at: at,
        };
        self.users.insert(id.to_owned(), user.clone());
        Ok((user, true))
    }

    /// Inserts or (with `override_existing`) replaces users; existing users are kept as they
    /// are without it. Returns the stored users in request order.
    pub(crate) fn add_many(
        &mut self,
        users: Vec<(String, Map<String, Value>)>,
        override_existing: bool,
        now: Stamp,
    ) -> Result<Vec<User>, ApiError> {
        for (id, _) in &users {
            check_id("id", id)?;
        }
        let at = now.rfc3339();
        let mut out = Vec::with_capacity(users.len());
        for (id, data) in users {
            let user = match self.users.get_mut(&id) {
                Some(u) if override_existing => {
                    u.data = data;
                    u.updated_at.clone_from(&at);
                    u.clone()
                }
                Some(u) => u.clone(),
                None => {
                    let u = User {
                        id: id.clone(),
                        data,
                        created_at: at.clone(),
                        updated_at: at.clone(),
                    };
                    self.users.insert(id, u.clone());
                    u
                }
            };
            out.push(user);
        }
        Ok(out)
    }

    /// The user, if any.
    pub(crate) fn get(&self, id: &str) -> Option<&User> {
        self.users.get(id)
    }

    /// The user or a 404.
    pub(crate) fn get_or_404(&self, id: &str) -> Result<&User, ApiError> {
        self.get(id)
            .ok_or_else(|| ApiError::not_found(format!("user {id} does not exist")))
    }

    /// Replaces a user's data; 404 when missing.
    pub(crate) fn update(
        &mut self,
        id: &str,
        data: Map<String, Value>,
        now: Stamp,
    ) -> Result<User, ApiError> {
        let u = self
            .users
            .get_mut(id)
            .ok_or_else(|| ApiError::not_found(format!("user {id} does not exist")))?;
        u.data = data;
        u.updated_at = now.rfc3339();
        Ok(u.clone())
    }

    /// Deletes a user; 404 when missing.
    pub(crate) fn delete(&mut self, id: &str) -> Result<User, ApiError> {
        self.users
            .remove(id)
            .ok_or_else(|| ApiError::not_found(format!("user {id} does not exist")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &str) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("name".into(), json!(n));
        m
    }

    #[test]
    fn add_get_or_create_update_delete() {
        let mut s = UserStore::default();
        let (u, created) = s.add("alice", name("Alice"), false, Stamp(1)).unwrap();
        assert!(created);
        assert_eq!(
            s.add("alice", Map::new(), false, Stamp(2))
                .unwrap_err()
                .code,
            22
        );
        let (again, created) = s.add("alice", name("Other"), true, Stamp(3)).unwrap();
        assert!(!created);
        assert_eq!(again, u);
        let v = u.to_json();
        assert_eq!(v["data"]["name"], "Alice");
        assert!(v.get("duration").is_none());
        let up = s.update("alice", name("Alice B"), Stamp(4)).unwrap();
        assert_eq!(up.created_at, u.created_at);
        assert_ne!(up.updated_at, u.updated_at);
        assert_eq!(s.update("bob", Map::new(), Stamp(5)).unwrap_err().code, 16);
        s.delete("alice").unwrap();
        assert_eq!(s.delete("alice").unwrap_err().code, 16);
        assert!(s.add("", Map::new(), true, Stamp(6)).is_err());
    }

    #[test]
    fn add_many_override() {
        let mut s = UserStore::default();
        s.add("u1", name("old"), false, Stamp(1)).unwrap();
        let kept = s
            .add_many(
                vec![("u1".into(), name("new")), ("u2".into(), Map::new())],
                false,
                Stamp(2),
            )
            .unwrap();
        assert_eq!(kept[0].data["name"], "old");
        assert_eq!(s.users.len(), 2);
        let over = s
            .add_many(vec![("u1".into(), name("new"))], true, Stamp(3))
            .unwrap();
        assert_eq!(over[0].data["name"], "new");
    }
}
