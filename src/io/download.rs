//! Browser downloads: text and blobs through a Blob URL and an `<a download>`
//! click, and a chart's SVG string rasterised to PNG (2×) on a canvas.
//! Every failure is silent (no panic): the page keeps working.
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys;
use web_sys::{
    Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlAnchorElement, HtmlCanvasElement,
    HtmlImageElement, Url,
};

/// Clicks a temporary `<a download>` for the blob; the URL is revoked a bit later.
pub fn download_blob(name: &str, blob: &Blob) -> Option<()> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let url = Url::create_object_url_with_blob(blob).ok()?;
    let a: HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(name);
    let _ = a.style().set_property("display", "none");
    let body = document.body()?;
    let _ = body.append_child(&a);
    a.click();
    let _ = body.remove_child(&a);
    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    Some(())
}

/// Downloads `text` as a file of the MIME type.
pub fn download_text(name: &str, mime: &str, text: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &opts).ok()?;
    download_blob(name, &blob)
}

/// The `viewBox` size of one of our chart SVGs.
pub fn svg_size(svg: &str) -> Option<(f64, f64)> {
    let (_, rest) = svg.split_once("viewBox=\"")?;
    let (numbers, _) = rest.split_once('"')?;
    let nums: Vec<f64> = numbers
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    match nums.as_slice() {
        [_, _, w, h] if *w > 0.0 && *h > 0.0 => Some((*w, *h)),
        _ => None,
    }
}

/// A standalone SVG file: the chart with its pixel size and an opaque background.
pub fn standalone_svg(svg: &str) -> Option<String> {
    let (w, h) = svg_size(svg)?;
    let rest = svg.strip_prefix("<svg")?;
    Some(format!("<svg width=\"{w}\" height=\"{h}\"{rest}"))
}

/// Draws the chart onto a canvas at `scale`× on a white background and downloads it as PNG.
pub fn download_png(name: &str, svg: &str, scale: f64) -> Option<()> {
    let (w, h) = svg_size(svg)?;
    let file = standalone_svg(svg)?;
    let document = web_sys::window()?.document()?;
    let img = HtmlImageElement::new().ok()?;
    let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    let (cw, ch) = ((w * scale).round(), (h * scale).round());
    // Pixels: a chart is a few hundred wide; `as` saturates, never panics.
    canvas.set_width(cw as u32);
    canvas.set_height(ch as u32);
    let name = name.to_owned();
    let img2 = img.clone();
    let onload = Closure::once_into_js(move || {
        let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, 0.0, cw, ch);
        if ctx
            .draw_image_with_html_image_element_and_dw_and_dh(&img2, 0.0, 0.0, cw, ch)
            .is_err()
        {
            return;
        }
        let cb = Closure::once_into_js(move |blob: JsValue| {
            if let Ok(blob) = blob.dyn_into::<Blob>() {
                download_blob(&name, &blob);
            }
        });
        let _ = canvas.to_blob_with_type(cb.unchecked_ref(), "image/png");
    });
    img.set_onload(Some(onload.unchecked_ref()));
    let src = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        js_sys::encode_uri_component(&file)
    );
    img.set_src(&src);
    Some(())
}
