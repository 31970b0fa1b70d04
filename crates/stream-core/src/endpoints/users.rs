//! Users: add (optionally get-or-create), get (optionally with follow counts), update, delete,
//! and the server-side batch calls (add, get, delete many).
//!
//! Token: `users/*/*`, as the Python client mints (JS uses `*/*/*`). The batch calls exist only
//! in JS; they hit the same resource (`users/`), so the same narrow token applies.
use serde::Serialize;
use serde_json::{Map, Value};
use stream_auth::{Resource, Scope};
use stream_models::upload::Ack;
use stream_models::user::{CreatedUsers, DeletedUsers, NewUser, User, UsersList};

use super::batch::{Chunked, split};
use super::validate;
use crate::config::{Config, Service};
use crate::endpoint::{Auth, Endpoint, JsonEndpoint, Path, Spec, decode_json};
use crate::error::Error;
use crate::request::Method;
use crate::response::Response;

/// The most users one batch request carries; larger batches are split by [`Chunked`]. The service documents no limit for the batch
/// users API; 100 is the batch size Stream documents for its other batch write APIs, and a
/// comma-joined list of 100 ids of up to 255 bytes still fits comfortably in a URL.
pub const MAX_BATCH_USERS: usize = 100;

fn scope() -> Scope {
    validate::scope(Resource::Users)
}

fn user_path(id: &str) -> String {
    Path::new().lit("user").seg(id).build()
}

/// Convenience handle: creates user endpoint values, sends nothing.
///
/// ```
/// use stream_core::endpoints::users::Users;
/// let get = Users.get("alice").with_follow_counts(true);
/// let many = Users.get_many(["u1", "u2"]);
/// # let _ = (get, many);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Users;

impl Users {
    /// [`AddUser`].
    pub fn add(&self, id: impl Into<String>) -> AddUser {
        AddUser::new(id)
    }

    /// [`GetUser`].
    pub fn get(&self, id: impl Into<String>) -> GetUser {
        GetUser::new(id)
    }

    /// [`UpdateUser`].
    pub fn update(&self, id: impl Into<String>, data: Map<String, Value>) -> UpdateUser {
        UpdateUser::new(id, data)
    }

    /// [`DeleteUser`].
    pub fn delete(&self, id: impl Into<String>) -> DeleteUser {
        DeleteUser::new(id)
    }

    /// [`AddUsers`].
    pub fn add_many(&self, users: impl IntoIterator<Item = NewUser>) -> AddUsers {
        AddUsers::new(users)
    }

    /// [`GetUsers`].
    pub fn get_many<I, S>(&self, ids: I) -> GetUsers
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        GetUsers::new(ids)
    }

    /// [`DeleteUsers`].
    pub fn delete_many<I, S>(&self, ids: I) -> DeleteUsers
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        DeleteUsers::new(ids)
    }
}

/// `POST user/[?get_or_create=true]` with `{"id","data"}`: creates a user; with
/// `get_or_create`, returns the existing one unchanged instead of failing with a conflict.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::users::AddUser;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let mut data = serde_json::Map::new();
/// data.insert("name".into(), "Alice".into());
/// let request = config.build_request(&AddUser::new("alice").data(data).get_or_create(true))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct AddUser {
    user: NewUser,
    get_or_create: bool,
}

impl AddUser {
    /// A user `id` with no data.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            user: NewUser::new(id),
            get_or_create: false,
        }
    }

    /// The user's custom data (`{}` when unset).
    pub fn data(mut self, data: Map<String, Value>) -> Self {
        self.user.data = data;
        self
    }

    /// Return the existing user instead of failing when the id is taken.
    pub fn get_or_create(mut self, yes: bool) -> Self {
        self.get_or_create = yes;
        self
    }
}

impl JsonEndpoint for AddUser {
    type Output = User;

    const OP: &'static str = "user.add";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id("id", &self.user.id)?;
        let spec = Spec::new(
            Self::OP,
            Method::Post,
            Service::Api,
            Path::new().lit("user").build(),
            Auth::Scoped(scope()),
        );
        let spec = if self.get_or_create {
            // Sending it makes the POST safe to repeat.
            spec.query("get_or_create", "true").idempotent(true)
        } else {
            spec
        };
        Ok(spec.json(&self.user)?)
    }
}

/// `GET user/<id>/[?with_follow_counts=true]`.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::users::GetUser;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&GetUser::new("alice").with_follow_counts(true))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetUser {
    id: String,
    with_follow_counts: bool,
}

impl GetUser {
    /// The user `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            with_follow_counts: false,
        }
    }

    /// Also return `followers_count` and `following_count`.
    pub fn with_follow_counts(mut self, yes: bool) -> Self {
        self.with_follow_counts = yes;
        self
    }
}

impl JsonEndpoint for GetUser {
    type Output = User;

    const OP: &'static str = "user.get";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id("id", &self.id)?;
        let spec = Spec::new(
            Self::OP,
            Method::Get,
            Service::Api,
            user_path(&self.id),
            Auth::Scoped(scope()),
        );
        Ok(if self.with_follow_counts {
            spec.query("with_follow_counts", "true")
        } else {
            spec
        })
    }
}

/// `PUT user/<id>/` with `{"data"}`: replaces the user's data.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::users::UpdateUser;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let mut data = serde_json::Map::new();
/// data.insert("name".into(), "Alice B".into());
/// let request = config.build_request(&UpdateUser::new("alice", data))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateUser {
    id: String,
    data: Map<String, Value>,
}

#[derive(Serialize)]
struct DataBody<'a> {
    data: &'a Map<String, Value>,
}

impl UpdateUser {
    /// Replaces the data of user `id`.
    pub fn new(id: impl Into<String>, data: Map<String, Value>) -> Self {
        Self {
            id: id.into(),
            data,
        }
    }
}

impl JsonEndpoint for UpdateUser {
    type Output = User;

    const OP: &'static str = "user.update";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id("id", &self.id)?;
        Ok(Spec::new(
            Self::OP,
            Method::Put,
            Service::Api,
            user_path(&self.id),
            Auth::Scoped(scope()),
        )
        .json(&DataBody { data: &self.data })?)
    }
}

/// `DELETE user/<id>/`. Server-side only: a user token may read and update its own user, but
/// deleting users is an administrative call.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::users::DeleteUser;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&DeleteUser::new("alice"))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteUser {
    id: String,
}

impl DeleteUser {
    /// Deletes user `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into() }
    }
}

impl JsonEndpoint for DeleteUser {
    type Output = Ack;

    const OP: &'static str = "user.delete";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id("id", &self.id)?;
        Ok(Spec::new(
            Self::OP,
            Method::Delete,
            Service::Api,
            user_path(&self.id),
            Auth::ServerOnly(scope()),
        ))
    }
}

/// `POST users/` with `{"users":[{"id","data"}…],"override":bool}`: creates up to
/// [`MAX_BATCH_USERS`] users; with `override_existing`, existing users are overwritten.
/// Server-side only.
/// `client.send` splits larger batches into compliant requests ([`Endpoint::split`]).
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::users::AddUsers;
/// use stream_core::models::user::NewUser;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let add = AddUsers::new([NewUser::new("u1"), NewUser::new("u2")]).override_existing(true);
/// let request = config.build_request(&add)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct AddUsers {
    users: Vec<NewUser>,
    override_existing: bool,
}

#[derive(Serialize)]
struct AddUsersBody<'a> {
    users: &'a [NewUser],
    #[serde(rename = "override")]
    override_existing: bool,
}

impl AddUsers {
    /// Creates `users`.
    pub fn new(users: impl IntoIterator<Item = NewUser>) -> Self {
        Self {
            users: users.into_iter().collect(),
            override_existing: false,
        }
    }

    /// Overwrite users that already exist.
    pub fn override_existing(mut self, yes: bool) -> Self {
        self.override_existing = yes;
        self
    }
}

impl Endpoint for AddUsers {
    type Output = CreatedUsers;

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        let ids: Vec<String> = self.users.iter().map(|u| u.id.clone()).collect();
        validate::id_list("users", &ids, MAX_BATCH_USERS)?;
        Ok(Spec::new(
            "users.add_many",
            Method::Post,
            Service::Api,
            Path::new().lit("users").build(),
            Auth::ServerOnly(scope()),
        )
        .json(&AddUsersBody {
            users: &self.users,
            override_existing: self.override_existing,
        })?)
    }

    fn parse(&self, response: Response) -> Result<CreatedUsers, Error> {
        decode_json("users.add_many", &response)
    }

    fn split(&self) -> Result<Option<Vec<Self>>, Error> {
        crate::endpoints::batch::split_if_over(self, self.users.len(), MAX_BATCH_USERS)
    }

    fn merge(outputs: Vec<Self::Output>) -> Result<Self::Output, Error> {
        Ok(<Self as Chunked>::merge(outputs))
    }
}

fn collect_ids<I, S>(ids: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    ids.into_iter().map(Into::into).collect()
}

/// `GET users/?ids=a,b`: reads up to [`MAX_BATCH_USERS`] users. Server-side only.
/// `client.send` splits larger batches into compliant requests ([`Endpoint::split`]).
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::users::GetUsers;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&GetUsers::new(["u1", "u2"]))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetUsers {
    ids: Vec<String>,
}

impl GetUsers {
    /// The users `ids`.
    pub fn new<I, S>(ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            ids: collect_ids(ids),
        }
    }
}

impl Endpoint for GetUsers {
    type Output = UsersList;

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id_list("ids", &self.ids, MAX_BATCH_USERS)?;
        Ok(Spec::new(
            "users.get_many",
            Method::Get,
            Service::Api,
            Path::new().lit("users").build(),
            Auth::ServerOnly(scope()),
        )
        .query("ids", self.ids.join(",")))
    }

    fn parse(&self, response: Response) -> Result<UsersList, Error> {
        decode_json("users.get_many", &response)
    }

    fn split(&self) -> Result<Option<Vec<Self>>, Error> {
        crate::endpoints::batch::split_if_over(self, self.ids.len(), MAX_BATCH_USERS)
    }

    fn merge(outputs: Vec<Self::Output>) -> Result<Self::Output, Error> {
        Ok(<Self as Chunked>::merge(outputs))
    }
}

/// `DELETE users/?ids=a,b`: deletes up to [`MAX_BATCH_USERS`] users. Server-side only.
/// `client.send` splits larger batches into compliant requests ([`Endpoint::split`]).
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::users::DeleteUsers;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&DeleteUsers::new(["u1", "u2"]))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteUsers {
    ids: Vec<String>,
}

impl DeleteUsers {
    /// Deletes users `ids`.
    pub fn new<I, S>(ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            ids: collect_ids(ids),
        }
    }
}

impl Endpoint for DeleteUsers {
    type Output = DeletedUsers;

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id_list("ids", &self.ids, MAX_BATCH_USERS)?;
        Ok(Spec::new(
            "users.delete_many",
            Method::Delete,
            Service::Api,
            Path::new().lit("users").build(),
            Auth::ServerOnly(scope()),
        )
        .query("ids", self.ids.join(",")))
    }

    fn parse(&self, response: Response) -> Result<DeletedUsers, Error> {
        decode_json("users.delete_many", &response)
    }

    fn split(&self) -> Result<Option<Vec<Self>>, Error> {
        crate::endpoints::batch::split_if_over(self, self.ids.len(), MAX_BATCH_USERS)
    }

    fn merge(outputs: Vec<Self::Output>) -> Result<Self::Output, Error> {
        Ok(<Self as Chunked>::merge(outputs))
    }
}

/// Every id valid (no size limit: that is what splitting is for), and at least one.
fn check_all(field: &'static str, ids: &[String]) -> Result<(), Error> {
    validate::id_list(field, ids, usize::MAX)?;
    Ok(())
}

impl Chunked for AddUsers {
    type Part = AddUsers;
    type Output = CreatedUsers;

    fn parts(&self) -> Result<Vec<AddUsers>, Error> {
        let ids: Vec<String> = self.users.iter().map(|u| u.id.clone()).collect();
        check_all("users", &ids)?;
        Ok(split(&self.users, MAX_BATCH_USERS, |users| AddUsers {
            users,
            override_existing: self.override_existing,
        }))
    }

    fn merge(outputs: Vec<CreatedUsers>) -> CreatedUsers {
        let mut merged = CreatedUsers::default();
        for out in outputs {
            merged.created_users.extend(out.created_users);
            merged.duration = out.duration;
            merged.extra.extend(out.extra);
        }
        merged
    }
}

impl Chunked for GetUsers {
    type Part = GetUsers;
    type Output = UsersList;

    fn parts(&self) -> Result<Vec<GetUsers>, Error> {
        check_all("ids", &self.ids)?;
        Ok(split(&self.ids, MAX_BATCH_USERS, |ids| GetUsers { ids }))
    }

    fn merge(outputs: Vec<UsersList>) -> UsersList {
        let mut merged = UsersList::default();
        for out in outputs {
            merged.users.extend(out.users);
            merged.duration = out.duration;
            merged.extra.extend(out.extra);
        }
        merged
    }
}

impl Chunked for DeleteUsers {
    type Part = DeleteUsers;
    type Output = DeletedUsers;

    fn parts(&self) -> Result<Vec<DeleteUsers>, Error> {
        check_all("ids", &self.ids)?;
        Ok(split(&self.ids, MAX_BATCH_USERS, |ids| DeleteUsers { ids }))
    }

    fn merge(outputs: Vec<DeletedUsers>) -> DeletedUsers {
        let mut merged = DeletedUsers::default();
        for out in outputs {
            merged.deleted_user_ids.extend(out.deleted_user_ids);
            merged.duration = out.duration;
            merged.extra.extend(out.extra);
        }
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::SpecFor;
    use stream_auth::ApiSecret;

    #[test]
    fn validation() {
        let c = Config::builder("key", ApiSecret::new("secret"))
            .build()
            .unwrap();
        assert!(AddUser::new("").spec_for(&c).is_err());
        assert!(GetUsers::new(["a", "b,c"]).spec_for(&c).is_err());
        let ids: Vec<String> = (0..=MAX_BATCH_USERS).map(|i| format!("u{i}")).collect();
        assert!(DeleteUsers::new(ids.clone()).spec_for(&c).is_err());
        assert!(
            DeleteUsers::new(&ids[..MAX_BATCH_USERS])
                .spec_for(&c)
                .is_ok()
        );
        assert!(AddUsers::new([]).spec_for(&c).is_err());
    }

    #[test]
    fn batches_split_and_merge() {
        let ids: Vec<String> = (0..250).map(|i| format!("u{i}")).collect();
        let parts = GetUsers::new(ids.clone()).parts().unwrap();
        assert_eq!(
            parts.iter().map(|p| p.ids.len()).collect::<Vec<_>>(),
            [100, 100, 50]
        );
        assert_eq!(parts.concat_ids(), ids);
        let mut bad = ids.clone();
        bad.push("a,b".into());
        assert!(
            DeleteUsers::new(bad).parts().is_err(),
            "nothing is sent when any id is bad"
        );
        let add = AddUsers::new(ids.iter().map(NewUser::new)).override_existing(true);
        let parts = add.parts().unwrap();
        assert!(
            parts
                .iter()
                .all(|p| p.override_existing && p.users.len() <= MAX_BATCH_USERS)
        );
        let merged = <DeleteUsers as Chunked>::merge(vec![
            DeletedUsers {
                deleted_user_ids: vec!["a".into()],
                ..Default::default()
            },
            DeletedUsers {
                deleted_user_ids: vec!["b".into()],
                ..Default::default()
            },
        ]);
        assert_eq!(merged.deleted_user_ids, ["a", "b"]);
    }

    trait ConcatIds {
        fn concat_ids(&self) -> Vec<String>;
    }

    impl ConcatIds for Vec<GetUsers> {
        fn concat_ids(&self) -> Vec<String> {
            self.iter().flat_map(|p| p.ids.clone()).collect()
        }
    }
}
