//! Test-only endpoints: the facades are generic, so their machinery is tested with these before
//! (and besides) the real endpoints of stream-core.
use serde_json::Value;
use stream_core::{
    Auth, Config, Endpoint, Error, Method, Paginated, Path, Response, Scope, Service, Spec,
    decode_json,
};

/// `GET|POST /api/v1.0/probe/<name>/?q=...`, answering any JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    method: Method,
    name: String,
}

impl Probe {
    /// A GET (idempotent: retried).
    pub fn get(name: &str) -> Self {
        Self {
            method: Method::Get,
            name: name.to_owned(),
        }
    }

    /// A POST with a small JSON body (not idempotent: not retried).
    pub fn post(name: &str) -> Self {
        Self {
            method: Method::Post,
            name: name.to_owned(),
        }
    }
}

impl Endpoint for Probe {
    type Output = Value;

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        let path = Path::new().lit("probe").seg(&self.name).build();
        let spec = Spec::new(
            "test.probe",
            self.method,
            Service::Api,
            path,
            Auth::Scoped(Scope::all()),
        )
        .query("q", "query-value");
        if self.method == Method::Post {
            Ok(spec.json(&serde_json::json!({"probe": true}))?)
        } else {
            Ok(spec)
        }
    }

    fn parse(&self, response: Response) -> Result<Value, Error> {
        decode_json("test.probe", &response)
    }
}

/// `GET /api/v1.0/paged/?page=N`; the answer's `next` field names the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagedProbe {
    /// The page to fetch.
    pub page: u64,
}

impl Endpoint for PagedProbe {
    type Output = Value;

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        Ok(Spec::new(
            "test.paged",
            Method::Get,
            Service::Api,
            Path::new().lit("paged").build(),
            Auth::Scoped(Scope::all()),
        )
        .query("page", self.page.to_string()))
    }

    fn parse(&self, response: Response) -> Result<Value, Error> {
        decode_json("test.paged", &response)
    }
}

impl Paginated for PagedProbe {
    fn next_page(&self, last: &Value) -> Option<Self> {
        last.get("next")
            .and_then(Value::as_u64)
            .map(|page| PagedProbe { page })
    }
}
