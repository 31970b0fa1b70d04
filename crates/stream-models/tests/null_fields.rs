//! An explicit `null` from the service reads like a missing field on every defaulted, non-`Option`
//! model field: it decodes to the field's default instead of failing the whole response.
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use stream_models::admin::{AuditLog, AuditLogsPage, ExportIds, ExportedIds};
use stream_models::analytics::{Engagement, Impression};
use stream_models::collection::{CollectionObject, SelectedData, SelectedObjects, UpsertedObjects};
use stream_models::follow::{FollowCount, FollowStats};
use stream_models::og::OgData;
use stream_models::personalization::PersonalizationPage;
use stream_models::reaction::{Reaction, ReactionsPage};
use stream_models::upload::Upload;
use stream_models::user::{CreatedUsers, DeletedUsers, NewUser, User, UsersList};
use stream_models::v2::{
    CallResponse, CallStateResponse, CallTypeResponse, MemberResponse, UserResponse,
};

/// `T::default()` serialized, with each of `fields` set to `null`: decodes back to the default.
fn null_reads_as_default<T>(fields: &[&str])
where
    T: Default + Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let name = std::any::type_name::<T>();
    for field in fields {
        let mut body = serde_json::to_value(T::default()).expect("serializes");
        let obj = body.as_object_mut().expect("an object");
        obj.insert((*field).to_owned(), Value::Null);
        let decoded: T = serde_json::from_value(body.clone())
            .unwrap_or_else(|e| panic!("{name}.{field} = null must decode: {e} ({body})"));
        assert_eq!(decoded, T::default(), "{name}.{field}");
    }
    // All of them null at once, too.
    let mut body = serde_json::to_value(T::default()).expect("serializes");
    let obj = body.as_object_mut().expect("an object");
    for field in fields {
        obj.insert((*field).to_owned(), Value::Null);
    }
    let decoded: T = serde_json::from_value(body).expect("all null");
    assert_eq!(decoded, T::default(), "{name}: every field null");
}

#[test]
fn user_upload_and_follow_fields_accept_null() {
    null_reads_as_default::<User>(&["id", "data"]);
    null_reads_as_default::<Upload>(&["file"]);
    null_reads_as_default::<FollowCount>(&["count"]);
    null_reads_as_default::<FollowStats>(&["results"]);
    null_reads_as_default::<CreatedUsers>(&["created_users"]);
    null_reads_as_default::<UsersList>(&["users"]);
    null_reads_as_default::<DeletedUsers>(&["deleted_user_ids"]);

    let user: User = serde_json::from_str(r#"{"id": null, "data": null}"#).expect("user");
    assert_eq!(user.id, "");
    assert!(user.data.is_empty());
    let upload: Upload = serde_json::from_str(r#"{"file": null}"#).expect("upload");
    assert_eq!(upload.file, "");
    let count: FollowCount = serde_json::from_str(r#"{"count": null}"#).expect("count");
    assert_eq!(count.count, 0);
    let new_user: NewUser = serde_json::from_str(r#"{"id": "alice", "data": null}"#).expect("new");
    assert_eq!(new_user.id, "alice");
    assert!(new_user.data.is_empty());
}

#[test]
fn admin_fields_accept_null() {
    null_reads_as_default::<AuditLog>(&["action", "custom", "entity_id", "entity_type"]);
    null_reads_as_default::<AuditLogsPage>(&["audit_logs"]);
    null_reads_as_default::<ExportedIds>(&["export"]);
    null_reads_as_default::<ExportIds>(&[
        "activity_count",
        "reaction_count",
        "activity_ids",
        "reaction_ids",
    ]);
}

#[test]
fn collection_reaction_and_og_fields_accept_null() {
    null_reads_as_default::<CollectionObject>(&["id", "data"]);
    null_reads_as_default::<SelectedObjects>(&["response"]);
    null_reads_as_default::<SelectedData>(&["data"]);
    null_reads_as_default::<UpsertedObjects>(&["data"]);
    null_reads_as_default::<Reaction>(&[
        "id",
        "kind",
        "data",
        "latest_children",
        "children_counts",
    ]);
    null_reads_as_default::<ReactionsPage>(&["results"]);
    null_reads_as_default::<OgData>(&["images", "videos", "audios"]);
}

#[test]
fn v2_fields_accept_null() {
    null_reads_as_default::<CallResponse>(&["type", "id", "cid"]);
    null_reads_as_default::<MemberResponse>(&["user_id"]);
    null_reads_as_default::<CallStateResponse>(&["call"]);
    null_reads_as_default::<CallTypeResponse>(&["name"]);
    null_reads_as_default::<UserResponse>(&["id"]);
}

#[test]
fn analytics_and_personalization_lists_accept_null() {
    let e: Engagement = serde_json::from_value(json!({
        "content": "tweet:1",
        "label": "click",
        "features": null,
        "user_data": "alice",
    }))
    .expect("engagement");
    assert!(e.features.is_empty());
    let i: Impression = serde_json::from_value(json!({
        "content_list": ["tweet:1"],
        "features": null,
        "user_data": "alice",
    }))
    .expect("impression");
    assert!(i.features.is_empty());
    let p: PersonalizationPage = serde_json::from_str(r#"{"results": null}"#).expect("page");
    assert!(p.results.is_empty());
    let p: PersonalizationPage<Map<String, Value>> =
        serde_json::from_str(r#"{"results": [{"a": 1}]}"#).expect("page");
    assert_eq!(p.results.len(), 1);
}

#[test]
fn wrong_types_are_still_refused() {
    assert!(serde_json::from_str::<User>(r#"{"id": 5}"#).is_err());
    assert!(serde_json::from_str::<FollowCount>(r#"{"count": "many"}"#).is_err());
    assert!(serde_json::from_str::<Upload>(r#"{"file": []}"#).is_err());
}
