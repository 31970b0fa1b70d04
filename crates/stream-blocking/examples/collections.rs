//! Collections: add (with or without an id), get, update, upsert several, select, delete, and a
//! collection reference (`SO:<collection>:<id>`) enriched into an activity.
//!
//! ```text
//! cargo run -p stream-blocking --example collections
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, check, check_eq, line, object};
use serde_json::json;
use stream_blocking::models::activity::NewActivity;
use stream_blocking::models::collection::CollectionEntry;
use stream_blocking::models::refs::StreamRef;
use stream_blocking::prelude::*;

fn main() -> std::process::ExitCode {
    common::run_main("collections", run)
}

fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let (burger, fries) = (setup.id("burger"), setup.id("fries"));

    // Add with our id, and with one the service assigns.
    let added = client.send(
        client
            .collections()
            .add(
                "food",
                object(json!({ "name": "Cheese Burger", "price": 8.5 })),
            )
            .id(burger.as_str()),
    )?;
    let anonymous = client.send(
        client
            .collections()
            .add("food", object(json!({ "name": "Salad" }))),
    )?;
    println!("added food/{} and food/{}", added.id, anonymous.id);
    check_eq(
        added.id.as_str(),
        burger.as_str(),
        "id of the entry added with an id",
    )?;
    check(
        !anonymous.id.is_empty(),
        "the service gave the other entry an id",
    )?;

    let got = client.send(client.collections().get("food", burger.as_str()))?;
    println!("get: {}", json!(got.data));
    check_eq(
        json!(got.data),
        json!({ "name": "Cheese Burger", "price": 8.5 }),
        "entry read back",
    )?;
    let updated = client.send(client.collections().update(
        "food",
        burger.as_str(),
        object(json!({ "name": "Cheese Burger", "price": 9.0 })),
    ))?;
    println!("update: {}", json!(updated.data));
    check_eq(
        json!(updated.data["price"]),
        json!(9.0),
        "price after the update",
    )?;

    // Upsert and select several at once.
    client.send(client.collections().upsert(
        "food",
        [
            CollectionEntry::new(fries.as_str()).field("name", "Fries"),
            CollectionEntry::new(burger.as_str()).field("name", "Double Burger"),
        ],
    ))?;
    let selected = client.send(
        client
            .collections()
            .select("food", [burger.as_str(), fries.as_str()]),
    )?;
    let mut names = Vec::new();
    for o in selected.objects() {
        println!("select: food/{} → {}", o.id, json!(o.data));
        names.push(json!(o.data["name"]));
    }
    names.sort_by_key(|n| n.to_string());
    check_eq(
        names,
        vec![json!("Double Burger"), json!("Fries")],
        "names of the selected entries",
    )?;

    // An activity pointing at the entry comes back with the entry inside on an enriched read.
    let alice = setup.id("alice");
    let feed = client.feed("user", &alice)?;
    client.send(feed.add_activity(NewActivity::new(
        StreamRef::user(alice.as_str())?,
        "eat",
        StreamRef::object("food", burger.as_str())?,
    )))?;
    let page = client.send(feed.get().limit(1).enrich(true))?;
    let eaten = page
        .results
        .first()
        .ok_or("the feed read returned no activity")?;
    println!("enriched: {}", line(eaten));
    check_eq(
        eaten.object_data_str("name"),
        Some("Double Burger"),
        "the enriched object's name",
    )?;
    check_eq(
        eaten.object.as_ref().and_then(|o| o.stream_ref()),
        Some(StreamRef::object("food", burger.as_str())?),
        "the reference the object was enriched from",
    )?;

    client.send(client.collections().delete("food", anonymous.id.as_str()))?;
    client.send(
        client
            .collections()
            .delete_many("food", [burger.as_str(), fries.as_str()]),
    )?;
    println!("deleted");
    let gone = client.send(client.collections().get("food", burger.as_str()));
    check(gone.is_err(), "the deleted entry cannot be read")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs_against_the_emulator() {
        super::run(&super::Setup::emulator().expect("emulator")).expect("example runs");
    }
}
