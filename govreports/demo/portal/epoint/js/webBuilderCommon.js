var siteInfo = {"projectName": "/EWB-FRONT", "siteGuid": "6c81c8c0-d69d-4bfc-a4ae-d6668aa3e1a6", "vname": "/", "sitename": "沛县人民政府"};
function getSiteInfo() { return siteInfo; }
