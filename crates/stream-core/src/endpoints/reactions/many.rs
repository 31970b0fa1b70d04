//! Reading several reactions at once by id ([`GetReactionsByIds`]).
use stream_models::reaction::ReactionsByIds;

use crate::config::{Config, Service};
use crate::endpoint::{JsonEndpoint, Path, Spec};
use crate::endpoints::validate;
use crate::error::Error;
use crate::request::Method;

use super::auth;

/// `GET reaction/get_many/?ids=a,b[&include_deleted=true]`: the reactions with these ids, as
/// go2's `GetReactions` sends it. The service answers `{"reactions":[…]}`; unknown ids are left
/// out, and soft-deleted reactions only come back with [`GetReactionsByIds::include_deleted`].
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::reactions::GetReactionsByIds;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let many = GetReactionsByIds::new(["r1", "r2"]).include_deleted(true);
/// let request = config.build_request(&many)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetReactionsByIds {
    ids: Vec<String>,
    include_deleted: bool,
}

impl GetReactionsByIds {
    /// The reactions with these ids (at least one; none may contain `,`).
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(ids: I) -> Self {
        Self {
            ids: ids.into_iter().map(Into::into).collect(),
            include_deleted: false,
        }
    }

    /// Also return soft-deleted reactions (`include_deleted=true`).
    pub fn include_deleted(mut self, yes: bool) -> Self {
        self.include_deleted = yes;
        self
    }
}

impl JsonEndpoint for GetReactionsByIds {
    type Output = ReactionsByIds;

    const OP: &'static str = "reaction.get_many";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id_list("ids", &self.ids, usize::MAX)?;
        let spec = Spec::new(
            Self::OP,
            Method::Get,
            Service::Api,
            Path::new().lit("reaction/get_many").build(),
            auth(),
        )
        .query("ids", self.ids.join(","));
        Ok(if self.include_deleted {
            spec.query("include_deleted", "true")
        } else {
            spec
        })
    }
}
