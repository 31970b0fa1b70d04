//! Collections: add (with or without an id), get, update, upsert several, select, delete, and a
//! collection reference (`SO:<collection>:<id>`) enriched into an activity.
//!
//! ```text
//! cargo run -p stream-async --example collections_async
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, line, object};
use serde_json::json;
use stream_async::models::activity::NewActivity;
use stream_async::models::collection::CollectionEntry;
use stream_async::prelude::*;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let outcome = match common::start("collections_async").await {
        Ok(setup) => run(&setup).await,
        Err(e) => Err(e),
    };
    common::exit("collections_async", outcome)
}

async fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let (burger, fries) = (setup.id("burger"), setup.id("fries"));

    // Add with our id, and with one the service assigns.
    let added = client
        .send(
            client
                .collections()
                .add(
                    "food",
                    object(json!({ "name": "Cheese Burger", "price": 8.5 })),
                )
                .id(burger.as_str()),
        )
        .await?;
    let anonymous = client
        .send(
            client
                .collections()
                .add("food", object(json!({ "name": "Salad" }))),
        )
        .await?;
    println!("added food/{} and food/{}", added.id, anonymous.id);

    let got = client
        .send(client.collections().get("food", burger.as_str()))
        .await?;
    println!("get: {}", json!(got.data));
    let updated = client
        .send(client.collections().update(
            "food",
            burger.as_str(),
            object(json!({ "name": "Cheese Burger", "price": 9.0 })),
        ))
        .await?;
    println!("update: {}", json!(updated.data));

    // Upsert and select several at once.
    client
        .send(client.collections().upsert(
            "food",
            [
                CollectionEntry::new(fries.as_str()).field("name", "Fries"),
                CollectionEntry::new(burger.as_str()).field("name", "Double Burger"),
            ],
        ))
        .await?;
    let selected = client
        .send(
            client
                .collections()
                .select("food", [burger.as_str(), fries.as_str()]),
        )
        .await?;
    for o in selected.objects() {
        println!("select: food/{} → {}", o.id, json!(o.data));
    }

    // An activity pointing at the entry comes back with the entry inside on an enriched read.
    let alice = setup.id("alice");
    let feed = client.feed("user", &alice)?;
    client
        .send(feed.add_activity(NewActivity::new(
            format!("SU:{alice}"),
            "eat",
            format!("SO:food:{burger}"),
        )))
        .await?;
    let page = client.send(feed.get().limit(1).enrich(true)).await?;
    for a in &page.results {
        println!("enriched: {}", line(a));
    }

    client
        .send(client.collections().delete("food", anonymous.id.as_str()))
        .await?;
    client
        .send(
            client
                .collections()
                .delete_many("food", [burger.as_str(), fries.as_str()]),
        )
        .await?;
    println!("deleted");
    Ok(())
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn runs_against_the_emulator() {
        let setup = super::Setup::emulator().await.expect("emulator");
        super::run(&setup).await.expect("example runs");
    }
}
