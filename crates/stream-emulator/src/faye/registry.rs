//! The clients the Bayeux server knows: their subscriptions and queued messages, bounded by
//! [`FayeLimits`], with unguessable ids.
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::Notify;

use super::limits::FayeLimits;

/// One published message, serialized once and shared by every subscriber's queue.
pub(crate) type Shared = Arc<str>;

/// One handshaken client.
pub(super) struct Client {
    /// Subscribed channels.
    pub(super) subs: HashSet<String>,
    /// The apps (ids) whose channels it subscribed to.
    apps: Vec<String>,
    /// Messages waiting for its next poll (oldest first, at most `max_queue`).
    queue: VecDeque<Shared>,
    /// Wakes its held connect.
    pub(super) notify: Arc<Notify>,
    /// When it last polled (or handshook).
    touched: Instant,
}

/// Why a client could not be added or subscribed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refusal {
    /// The server holds `max_clients` clients.
    ServerFull,
    /// The app has `max_clients_per_app` subscribed clients.
    AppFull,
    /// No random bytes for an id.
    NoRandomness,
}

impl Refusal {
    /// The Bayeux error string.
    pub(super) fn error(self) -> &'static str {
        match self {
            Refusal::ServerFull => "503::Too many clients: try the handshake again later",
            Refusal::AppFull => "503::Too many clients for this app",
            Refusal::NoRandomness => "500::No random source for a client id",
        }
    }
}

/// All clients, with the per-app counts of subscribed clients.
pub(super) struct Registry {
    limits: FayeLimits,
    clients: HashMap<String, Client>,
    per_app: HashMap<String, usize>,
}

/// A fresh client id: 128 random bits from the operating system, as hex.
fn new_client_id() -> Option<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).ok()?;
    let mut id = String::with_capacity(32);
    for b in bytes {
        id.push(char::from_digit(u32::from(b >> 4), 16)?);
        id.push(char::from_digit(u32::from(b & 0xf), 16)?);
    }
    Some(id)
}

impl Registry {
    /// No clients yet.
    pub(super) fn new(limits: FayeLimits) -> Self {
        Self {
            limits,
            clients: HashMap::new(),
            per_app: HashMap::new(),
        }
    }

    /// The limits in force.
    pub(super) fn limits(&self) -> &FayeLimits {
        &self.limits
    }

    /// Adds a client, forgetting idle ones first when the server is full.
    pub(super) fn add(&mut self, now: Instant) -> Result<String, Refusal> {
        if self.clients.len() >= self.limits.max_clients() {
            self.sweep(now);
        }
        if self.clients.len() >= self.limits.max_clients() {
            return Err(Refusal::ServerFull);
        }
        let id = new_client_id().ok_or(Refusal::NoRandomness)?;
        self.clients.insert(
            id.clone(),
            Client {
                subs: HashSet::new(),
                apps: Vec::new(),
                queue: VecDeque::new(),
                notify: Arc::new(Notify::new()),
                touched: now,
            },
        );
        Ok(id)
    }

    /// Whether `id` is a known client.
    pub(super) fn contains(&self, id: &str) -> bool {
        self.clients.contains_key(id)
    }

    /// The client `id`.
    pub(super) fn get(&self, id: &str) -> Option<&Client> {
        self.clients.get(id)
    }

    /// Subscribes client `id` to `channels` of app `app_id`, counting it against that app.
    pub(super) fn subscribe(
        &mut self,
        id: &str,
        app_id: &str,
        channels: Vec<String>,
    ) -> Result<(), Refusal> {
        let Some(client) = self.clients.get_mut(id) else {
            return Ok(());
        };
        if !client.apps.iter().any(|a| a == app_id) {
            let count = self.per_app.entry(app_id.to_owned()).or_insert(0);
            if *count >= self.limits.max_clients_per_app() {
                return Err(Refusal::AppFull);
            }
            *count += 1;
            client.apps.push(app_id.to_owned());
        }
        client.subs.extend(channels);
        Ok(())
    }

    /// Unsubscribes client `id` from `channels`.
    pub(super) fn unsubscribe(&mut self, id: &str, channels: &[String]) {
        if let Some(c) = self.clients.get_mut(id) {
            for s in channels {
                c.subs.remove(s);
            }
        }
    }

    /// Forgets client `id`.
    pub(super) fn remove(&mut self, id: &str) {
        if let Some(c) = self.clients.remove(id) {
            self.release(&c);
        }
    }

    fn release(&mut self, client: &Client) {
        for app in &client.apps {
            if let Some(n) = self.per_app.get_mut(app) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.per_app.remove(app);
                }
            }
        }
    }

    /// Queues `msg` for every client subscribed to `channel` and wakes them.
    pub(super) fn deliver(&mut self, channel: &str, msg: &Shared) {
        let max_queue = self.limits.max_queue();
        for c in self.clients.values_mut() {
            if c.subs.contains(channel) {
                while c.queue.len() >= max_queue {
                    c.queue.pop_front();
                }
                c.queue.push_back(Arc::clone(msg));
                c.notify.notify_one();
            }
        }
    }

    /// Takes the messages queued for `id`, marking it as alive.
    pub(super) fn drain(&mut self, id: &str, now: Instant) -> Vec<Shared> {
        match self.clients.get_mut(id) {
            Some(c) => {
                c.touched = now;
                c.queue.drain(..).collect()
            }
            None => Vec::new(),
        }
    }

    /// Forgets clients that have not polled within the client TTL; returns how many.
    pub(super) fn sweep(&mut self, now: Instant) -> usize {
        let ttl = self.limits.client_ttl();
        let idle: Vec<String> = self
            .clients
            .iter()
            .filter(|(_, c)| now.saturating_duration_since(c.touched) >= ttl)
            .map(|(id, _)| id.clone())
            .collect();
        for id in &idle {
            if let Some(c) = self.clients.remove(id) {
                // A held connect of a forgotten client ends now, empty.
                c.notify.notify_one();
                self.release(&c);
            }
        }
        idle.len()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn ids_are_random_hex() {
        let a = new_client_id().unwrap();
        let b = new_client_id().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn subscribers_share_one_copy_of_a_message() {
        let mut r = Registry::new(FayeLimits::default());
        let t0 = Instant::now();
        let a = r.add(t0).unwrap();
        let b = r.add(t0).unwrap();
        r.subscribe(&a, "1", vec!["/c".into()]).unwrap();
        r.subscribe(&b, "1", vec!["/c".into()]).unwrap();
        let msg: Shared = Arc::from(r#"{"channel":"/c"}"#);
        r.deliver("/c", &msg);
        let (got_a, got_b) = (r.drain(&a, t0), r.drain(&b, t0));
        assert!(Arc::ptr_eq(&got_a[0], &msg) && Arc::ptr_eq(&got_b[0], &msg));
    }

    #[test]
    fn caps_hold_and_sweeping_frees_room() {
        let limits = FayeLimits::default()
            .with_max_clients(2)
            .with_max_clients_per_app(1)
            .with_max_queue(3)
            .with_client_ttl(Duration::from_secs(5));
        let mut r = Registry::new(limits);
        let t0 = Instant::now();
        let a = r.add(t0).unwrap();
        let b = r.add(t0).unwrap();
        assert_eq!(r.add(t0), Err(Refusal::ServerFull));
        r.subscribe(&a, "1", vec!["/c".into()]).unwrap();
        assert_eq!(
            r.subscribe(&b, "1", vec!["/c".into()]),
            Err(Refusal::AppFull)
        );
        r.subscribe(&b, "2", vec!["/d".into()]).unwrap();
        let msg: Shared = Arc::from("{}");
        for _ in 0..5 {
            r.deliver("/c", &msg);
        }
        let later = t0 + Duration::from_secs(4);
        assert_eq!(r.drain(&a, later).len(), 3);
        // `b` has been idle for the TTL; `a` polled a second ago.
        let swept = r.sweep(t0 + Duration::from_secs(5));
        assert_eq!(swept, 1);
        assert!(r.contains(&a) && !r.contains(&b));
        assert!(!r.per_app.contains_key("2"));
        assert!(r.add(t0).is_ok());
    }
}
