//! Stream users (`SU:<id>` references) and the batch users API.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A user as the service returns it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// User id.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub id: String,
    /// Custom data, exactly as stored.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub data: Map<String, Value>,
    /// Creation time (RFC 3339 string as sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// With `with_follow_counts`: how many feeds follow this user's feeds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followers_count: Option<u64>,
    /// With `with_follow_counts`: how many feeds this user's feeds follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub following_count: Option<u64>,
    /// Every other field (`duration`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A user to create: `{"id","data"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewUser {
    /// User id.
    pub id: String,
    /// Custom data (`{}` when none).
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub data: Map<String, Value>,
}

impl NewUser {
    /// A user with no data.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            data: Map::new(),
        }
    }

    /// Sets the custom data.
    pub fn data(mut self, data: Map<String, Value>) -> Self {
        self.data = data;
        self
    }
}

/// The answer to a batch add: `{"created_users":[…]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreatedUsers {
    /// The users created (or overwritten).
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub created_users: Vec<User>,
    /// Server time spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer to a batch get: `{"users":[…]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UsersList {
    /// The users found (unknown ids are absent).
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub users: Vec<User>,
    /// Server time spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer to a batch delete: `{"deleted_user_ids":[…]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeletedUsers {
    /// The ids deleted.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub deleted_user_ids: Vec<String>,
    /// Server time spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_with_counts_and_unknown_fields() {
        let u: User = serde_json::from_str(
            r#"{"id":"alice","data":{"name":"Alice"},"followers_count":3,"following_count":0,"duration":"1ms"}"#,
        )
        .unwrap();
        assert_eq!((u.followers_count, u.following_count), (Some(3), Some(0)));
        assert_eq!(u.extra["duration"], "1ms");
        let n = NewUser::new("bob");
        assert_eq!(
            serde_json::to_string(&n).unwrap(),
            r#"{"id":"bob","data":{}}"#
        );
    }
}
