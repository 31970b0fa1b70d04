//! Personalization results (follow recommendations, personalized feeds, any resource).
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A page of personalization results. `T` is one result; the default keeps each as a JSON object
/// (personalized feeds return enriched activities, follow recommendations return feed entries).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>", serialize = "T: Serialize"))]
pub struct PersonalizationPage<T = Map<String, Value>> {
    /// The results.
    #[serde(
        default = "Vec::new",
        deserialize_with = "crate::activity::null_default"
    )]
    pub results: Vec<T>,
    /// The next page, when the resource paginates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The limit the service applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// The offset the service applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// The personalization model version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Server time spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl<T> Default for PersonalizationPage<T> {
    fn default() -> Self {
        Self {
            results: Vec::new(),
            next: None,
            limit: None,
            offset: None,
            version: None,
            duration: None,
            extra: Map::new(),
        }
    }
}

/// One follow recommendation: a feed the user may want to follow.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FollowRecommendation {
    /// The recommended feed (`user:bob`), when the model names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foreign_id: Option<String>,
    /// Its score, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Every other field (the recommendation models are app-specific).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_is_lenient() {
        let p: PersonalizationPage<FollowRecommendation> = serde_json::from_str(
            r#"{"results":[{"foreign_id":"user:bob","reason":"x"}],"limit":10,"offset":5,"version":"v1","duration":"2ms"}"#,
        )
        .unwrap();
        assert_eq!(p.results[0].foreign_id.as_deref(), Some("user:bob"));
        assert_eq!(p.results[0].extra["reason"], "x");
        let empty: PersonalizationPage = serde_json::from_str("{}").unwrap();
        assert!(empty.results.is_empty());
    }
}
