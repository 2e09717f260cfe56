//! Text from a framework file reaches pages as text: a level titled `<script>` shows
//! those characters and runs nothing, and a description's raw HTML and script links are
//! neutralised.

use pendulum_views::render_site;

use crate::{checked, page};

const HOSTILE: &str = r##"
format: 1
name: "Team <script>alert('name')</script>"
description: |
  Hello <img src=x onerror="alert(1)"> and <script>alert(2)</script>.

  [a link](javascript:alert(3)) and ![tracker](https://tracker.example/p.png)
grades: [g1, g2]
competencies:
  - id: code
    name: "Code <b>review</b>"
    scale:
      - { id: a, name: "Step \"one\" & <two>" }
tracks:
  - id: eng
    name: "Eng <i>core</i>"
    kind: individual-contributor
    description: "<iframe src=\"https://evil.example\"></iframe>"
    levels:
      - id: e1
        title: "<script>alert('title')</script> Engineer"
        grade: g1
        summary: "Sums & <em>summaries</em>"
        pay:
          - { currency: EUR, min: 10, max: 20 }
        expectations:
          - competency: code
            step: a
            criteria:
              - "Writes <script>alert('criterion')</script> safely"
            examples:
              - "\" onmouseover=\"alert(4)"
      - id: e2
        title: "Dev II"
        grade: g2
"##;

#[test]
fn hostile_text_is_escaped_on_every_page() {
    let fw = checked("hostile.yaml", HOSTILE);
    let pages = render_site(&fw, &[]);
    for p in &pages {
        if p.path.extension().is_some_and(|e| e == "js") {
            continue;
        }
        let html = &p.content;
        let path = p.path.display();
        assert!(!html.contains("<script>alert"), "{path}");
        assert!(!html.contains("<img"), "{path}");
        assert!(!html.contains("<iframe"), "{path}");
        assert!(!html.contains("<b>review"), "{path}");
        assert!(!html.contains("<i>core"), "{path}");
        assert!(!html.contains("javascript:"), "{path}");
        assert!(!html.contains("tracker.example"), "{path}");
        assert!(!html.contains("\" onmouseover"), "{path}");
    }

    let level = page(&pages, "levels/e1.html");
    assert!(level.contains(
        "<title>&#60;script&#62;alert(&#39;title&#39;)&#60;/script&#62; Engineer · Team &#60;script&#62;alert(&#39;name&#39;)&#60;/script&#62;</title>"
    ));
    assert!(level.contains(
        "<h1 class=\"kind-ic\">&#60;script&#62;alert(&#39;title&#39;)&#60;/script&#62; Engineer</h1>"
    ));
    assert!(level.contains(
        "<li>Writes &#60;script&#62;alert(&#39;criterion&#39;)&#60;/script&#62; safely</li>"
    ));
    assert!(level.contains("<li>&#34; onmouseover=&#34;alert(4)</li>"));
    assert!(level.contains("<span class=\"step\">Step &#34;one&#34; &#38; &#60;two&#62;</span>"));
    assert!(level.contains("Sums &#38; &#60;em&#62;summaries&#60;/em&#62;"));

    let index = page(&pages, "index.html");
    // Raw HTML in a Markdown description is shown as text.
    assert!(
        index.contains("Hello &lt;img src=x onerror=\"alert(1)\"&gt;"),
        "{index}"
    );
    assert!(index.contains("a link and tracker"), "{index}");
    // A title in a link in a table cell.
    assert!(index.contains(
        "<a href=\"levels/e1.html\">&#60;script&#62;alert(&#39;title&#39;)&#60;/script&#62; Engineer</a>"
    ));

    // Links and the chart escape titles too.
    let pay = page(&pages, "compare/pay.html");
    assert!(
        pay.contains("&#60;script&#62;alert(&#39;title&#39;)&#60;/script&#62; Engineer: 10–20")
    );
    let next = page(&pages, "next/e1.html");
    assert!(next.contains("From <a href=\"../levels/e1.html\">&#60;script&#62;"));
}
