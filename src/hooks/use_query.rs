use leptos::prelude::*;
use leptos_router::hooks::use_location;
use tapedeck_core::deeplink::Query;

/// The address's query, each value decoded once ([`Query`]), following the address.
///
/// Not leptos_router 0.8's `use_query_map`: it decodes every value a second time (upstream
/// leptos#4800, fixed for 0.9), so a signed `?src=` lost its escapes (`%2B` came out as a
/// space, `%26` cut the address in two) and `?q=100%25` could not be searched for.
pub fn use_query() -> Memo<Query> {
    let location = use_location();
    Memo::new(move |_| location.search.with(|s| Query::parse(s)))
}
