/** esbuild bundles imported stylesheets into console.css beside the script. */
declare module '*.css'
