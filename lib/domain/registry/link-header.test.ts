import { describe, expect, it } from "vitest";
import { nextPageUrl } from "./link-header";

const page = "http://127.0.0.1:5000/v2/_catalog?n=2";

describe("nextPageUrl", () => {
  it.each<[string, string | null, string | null]>([
    ["no header", null, null],
    ["empty header", "", null],
    ["relative next (docker-registry)", '</v2/_catalog?last=b&n=2>; rel="next"', "http://127.0.0.1:5000/v2/_catalog?last=b&n=2"],
    ["absolute next", '<https://r.example/v2/x/tags/list?last=1.0&n=2>; rel="next"', "https://r.example/v2/x/tags/list?last=1.0&n=2"],
    ["unquoted rel", "</v2/_catalog?last=b>; rel=next", "http://127.0.0.1:5000/v2/_catalog?last=b"],
    ["rel case and spacing", '</v2/_catalog?last=b> ;  REL = "Next"', "http://127.0.0.1:5000/v2/_catalog?last=b"],
    ["only prev", '</v2/_catalog?last=a>; rel="prev"', null],
    ["next among several, comma inside the URL", '</v2/_catalog?a=1,2>; rel="prev", </v2/_catalog?last=c,d>; rel="next"', "http://127.0.0.1:5000/v2/_catalog?last=c,d"],
    ["several rel values", '</v2/_catalog?last=b>; rel="last next"', "http://127.0.0.1:5000/v2/_catalog?last=b"],
    ["garbage", "not a link", null],
  ])("%s", (_name, header, expected) => {
    expect(nextPageUrl(header, page)).toBe(expected);
  });
});
