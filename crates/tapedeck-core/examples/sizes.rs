//! The sizes of the types a session holds by the hundred thousand (events, serialized nodes,
//! the mirror's nodes): `cargo run --release -p tapedeck-core --example sizes`.

use std::mem::size_of;
use tapedeck_core::event::{AddedNode, Event, Mutation};
use tapedeck_core::mirror::{ElementState, VElement, VKind, VNode};
use tapedeck_core::node::{AttrValue, ElementData, NodeKind, SerializedNode};
fn main() {
    println!(
        "VNode {} VKind {} VElement {} ElementState {}",
        size_of::<VNode>(),
        size_of::<VKind>(),
        size_of::<VElement>(),
        size_of::<ElementState>()
    );
    println!(
        "SerializedNode {} NodeKind {} ElementData {} AttrValue {}",
        size_of::<SerializedNode>(),
        size_of::<NodeKind>(),
        size_of::<ElementData>(),
        size_of::<AttrValue>()
    );
    println!(
        "Text {} Option<Text> {}",
        size_of::<tapedeck_core::text::Text>(),
        size_of::<Option<tapedeck_core::text::Text>>()
    );
    println!(
        "Event {} AddedNode {} Mutation {}",
        size_of::<Event>(),
        size_of::<AddedNode>(),
        size_of::<Mutation>()
    );
}
