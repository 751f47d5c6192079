"""NiceGUI-free reads for the pages: runs, their graphs, timelines and metrics, output previews, the
workspace's pipeline files. Every function blocks (files, the store): pages call them off the loop."""
