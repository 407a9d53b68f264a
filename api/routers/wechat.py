"""Routes for the wechat feature."""
from fastapi import APIRouter

router = APIRouter()
