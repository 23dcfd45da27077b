/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  // The database drivers and PGlite's WASM must be loaded by Node, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "socket.io"],
  typedRoutes: false,
};

export default nextConfig;
