import { describe, expect, it } from "vitest";

import { decodeSession, maskSecrets } from "../src/lib/auth";

// The token from jwt.io's debugger: public, documented, signed with "your-256-bit-secret".
const JWT_IO_SAMPLE =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

describe("decodeSession", () => {
  it("reads the subject", () => {
    expect(decodeSession(JWT_IO_SAMPLE).sub).toBe("1234567890");
  });
});

describe("maskSecrets", () => {
  it("masks token-shaped strings even with a wrong checksum", () => {
    const fake = "ghp_Na5267iTcXa6xesUGhWPmwMVIjYXcl4aRzqs";
    expect(maskSecrets(`token ${fake}`)).toBe("token ghp_****");
  });

  it("leaves UUIDs alone", () => {
    const id = "60de0bfb-3dc7-44cc-946a-016a46f9e9dc";
    expect(maskSecrets(id)).toBe(id);
  });

  it("masks placeholders consistently", () => {
    expect(maskSecrets("apiKey: '<token>'")).toBe("apiKey: '<token>'");
  });
});
