//! Analytics events: engagements and impressions, sent to the analytics service or carried in a
//! redirect URL.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Who caused an event: a plain id, or an id with a display alias.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum UserData {
    /// `"alice"`.
    Id(String),
    /// `{"id":"alice","alias":"Alice"}`.
    WithAlias {
        /// User id.
        id: String,
        /// Display alias.
        alias: String,
    },
}

impl From<&str> for UserData {
    fn from(id: &str) -> Self {
        UserData::Id(id.to_owned())
    }
}

impl From<String> for UserData {
    fn from(id: String) -> Self {
        UserData::Id(id)
    }
}

/// A feature of the content (`{"group":"topic","value":"js"}`), used for personalization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feature {
    /// Feature group.
    pub group: String,
    /// Feature value.
    pub value: String,
}

impl Feature {
    /// A feature.
    pub fn new(group: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            group: group.into(),
            value: value.into(),
        }
    }
}

/// One engagement (a click, like, share, …) with one piece of content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Engagement {
    /// The content: a foreign id string or an object (`{"foreign_id": …}`).
    pub content: Value,
    /// What happened (`click`, `like`, …).
    pub label: String,
    /// Content features.
    #[serde(
        default,
        deserialize_with = "crate::activity::null_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub features: Vec<Feature>,
    /// Who engaged.
    pub user_data: UserData,
    /// The feed the content was shown in (`user:alice`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed_id: Option<String>,
    /// Where in the app (`email`, `profile_page`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Position in the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u64>,
    /// How strong the engagement is (e.g. 2 for a double click).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boost: Option<i64>,
    /// Any other field to send.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Engagement {
    /// An engagement of `user` with `content`, labelled `label`.
    pub fn new(
        label: impl Into<String>,
        content: impl Into<Value>,
        user: impl Into<UserData>,
    ) -> Self {
        Self {
            content: content.into(),
            label: label.into(),
            features: Vec::new(),
            user_data: user.into(),
            feed_id: None,
            location: None,
            position: None,
            boost: None,
            extra: Map::new(),
        }
    }

    /// Adds a feature.
    pub fn feature(mut self, feature: Feature) -> Self {
        self.features.push(feature);
        self
    }

    /// The feed the content was shown in.
    pub fn feed_id(mut self, feed_id: impl Into<String>) -> Self {
        self.feed_id = Some(feed_id.into());
        self
    }

    /// Where in the app.
    pub fn location(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self
    }

    /// Position in the list.
    pub fn position(mut self, position: u64) -> Self {
        self.position = Some(position);
        self
    }

    /// Engagement strength.
    pub fn boost(mut self, boost: i64) -> Self {
        self.boost = Some(boost);
        self
    }
}

/// One impression: a list of content shown to a user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Impression {
    /// The content shown (foreign ids or objects).
    pub content_list: Vec<Value>,
    /// Content features.
    #[serde(
        default,
        deserialize_with = "crate::activity::null_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub features: Vec<Feature>,
    /// Who saw it.
    pub user_data: UserData,
    /// The feed shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed_id: Option<String>,
    /// Where in the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Position of the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u64>,
    /// Any other field to send.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Impression {
    /// `user` saw `content_list`.
    pub fn new<I, C>(content_list: I, user: impl Into<UserData>) -> Self
    where
        I: IntoIterator<Item = C>,
        C: Into<Value>,
    {
        Self {
            content_list: content_list.into_iter().map(Into::into).collect(),
            features: Vec::new(),
            user_data: user.into(),
            feed_id: None,
            location: None,
            position: None,
            extra: Map::new(),
        }
    }

    /// Adds a feature.
    pub fn feature(mut self, feature: Feature) -> Self {
        self.features.push(feature);
        self
    }

    /// The feed shown.
    pub fn feed_id(mut self, feed_id: impl Into<String>) -> Self {
        self.feed_id = Some(feed_id.into());
        self
    }

    /// Where in the app.
    pub fn location(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self
    }

    /// Position of the list.
    pub fn position(mut self, position: u64) -> Self {
        self.position = Some(position);
        self
    }
}

/// An event carried in an analytics redirect URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TrackedEvent {
    /// An engagement.
    Engagement(Engagement),
    /// An impression.
    Impression(Impression),
}

impl From<Engagement> for TrackedEvent {
    fn from(e: Engagement) -> Self {
        TrackedEvent::Engagement(e)
    }
}

impl From<Impression> for TrackedEvent {
    fn from(i: Impression) -> Self {
        TrackedEvent::Impression(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engagement_serializes_like_the_official_clients() {
        let e = Engagement::new("click", "1", "alice").feature(Feature::new("topic", "js"));
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"content":"1","label":"click","features":[{"group":"topic","value":"js"}],"user_data":"alice"}"#
        );
        let i = Impression::new(
            ["1", "2"],
            UserData::WithAlias {
                id: "alice".into(),
                alias: "Alice".into(),
            },
        );
        assert_eq!(
            serde_json::to_string(&i).unwrap(),
            r#"{"content_list":["1","2"],"user_data":{"id":"alice","alias":"Alice"}}"#
        );
    }
}
