//! v2 guest users: `POST /api/v2/guest` creates a guest and answers a user token for it.
use serde::Serialize;
use stream_models::v2::{CreateGuestResponse, UserRequest};

use super::{V2Users, check_id, spec};
use crate::config::Config;
use crate::endpoint::{JsonEndpoint, Spec};
use crate::error::Error;
use crate::request::Method;

impl V2Users {
    /// [`CreateGuest`]: creates a guest user like `user` and a token for it.
    pub fn create_guest(&self, user: UserRequest) -> CreateGuest {
        CreateGuest { user }
    }
}

/// Creates a guest user: `POST /api/v2/guest` `{"user": UserRequest}`. The answer holds the
/// guest (role `guest`; read its id from the answer, the service may derive its own) and a user
/// token (`access_token`) for a client-side app to connect with.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::models::v2::UserRequest;
/// use stream_core::v2::V2Users;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let guest = V2Users.create_guest(UserRequest::new("visitor").name("Visitor"));
/// let request = config.build_request(&guest)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateGuest {
    user: UserRequest,
}

impl JsonEndpoint for CreateGuest {
    type Output = CreateGuestResponse;

    const OP: &'static str = "v2.users.create_guest";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        check_id("user.id", &self.user.id)?;
        Ok(spec(Self::OP, Method::Post, "guest".into()).json(self)?)
    }
}
