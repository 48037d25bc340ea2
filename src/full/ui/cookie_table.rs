//! A category's cookie table in the preferences: [`crate::core::declaration`]'s, drawn as
//! `src/policy/declaration.rs` draws it in the policy. On narrow screens each row reads as a
//! card: every cell carries its column's name (`data-label`).

use yew::prelude::*;

use crate::core::declaration::{Cell, Table};

/// The table under its scrolling region (keyboard users focus it to scroll).
pub fn cookie_table(columns: &[&str; 6], table: &Table) -> Html {
    html! {
        <div class="cg-table-wrap" tabindex="0" role="region" aria-label={table.label.clone()}>
            <table class="cg-cookies cg-declaration-table">
                <thead>
                    <tr>
                        { for columns.iter().map(|c| html! { <th scope="col">{ (*c).to_owned() }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for table.rows.iter().map(|row| html! {
                        <tr>
                            <th scope="row" dir="auto" data-label={columns[0].to_owned()}>{ row.head.to_owned() }</th>
                            { for row.cells.iter().zip(&columns[1..]).map(|(cell, label)| td(cell, label)) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

fn td(cell: &Cell, label: &str) -> Html {
    let (dir, text) = match cell {
        Cell::Site(text) => (Some("auto"), *text),
        Cell::Interface(text) => (None, *text),
        Cell::Name(name) => {
            return html! { <td data-label={label.to_owned()}><code dir="ltr">{ name.clone() }</code></td> };
        }
    };
    html! { <td {dir} data-label={label.to_owned()}>{ text.to_owned() }</td> }
}
